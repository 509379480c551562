"""Balai's one settings module. Every setting an operator may change is a BALAI_* variable.

See `.env.example` for the documented list.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from balai.env import (
    email_settings,
    env_bool,
    env_int,
    env_list,
    env_str,
    persistent_secret_key,
)
from balai.media.conf import media_storage

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent

# All state lives in the data dir: SQLite database, media, secret key.
DATA_DIR = Path(env_str("BALAI_DATA_DIR", str(Path.cwd() / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = persistent_secret_key(DATA_DIR)
DEBUG = env_bool("BALAI_DEBUG", False)
BALAI_DOMAIN = env_str("BALAI_DOMAIN", "127.0.0.1:8000")
BALAI_HTTPS = env_bool("BALAI_HTTPS", not BALAI_DOMAIN.startswith(("127.", "localhost")))
BALAI_SITE_NAME = env_str("BALAI_SITE_NAME", "Balai")
ALLOWED_HOSTS = env_list(
    "BALAI_ALLOWED_HOSTS", [BALAI_DOMAIN.split(":")[0], "127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = [f"{'https' if BALAI_HTTPS else 'http'}://{BALAI_DOMAIN}"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "balai.core",
    "balai.accounts",
    "balai.posts",
    "balai.media",
    "balai.moderation",
    "balai.federation",
    "balai.api",
    "balai.web",
    "balai.privacy",
    "balai.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "balai.core.middleware.SecurityHeadersMiddleware",
    "balai.api.middleware.CorsMiddleware",
    "balai.api.ratelimit.ApiRateLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "balai.web.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "balai.urls"
WSGI_APPLICATION = "balai.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:local"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "balai.web.context.site",
            ],
        },
    }
]

# Database: SQLite (WAL) in the data dir by default; BALAI_DATABASE_URL for PostgreSQL.
_database_url = env_str("BALAI_DATABASE_URL", "")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=600)}
    if env_bool("BALAI_DATABASE_PREPARED", True):
        # Values bound by the server, and a statement run a few times on a connection kept
        # prepared there: the hot queries are then planned once per connection, not per request
        # (decision record 0013). Off for a pooler that cannot carry prepared statements.
        DATABASES["default"]["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 5}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "balai.sqlite3"),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = ["balai.accounts.backends.AccountBackend"]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("id", _("Bahasa Indonesia"))]
LOCALE_PATHS = [REPO_DIR / "locale", BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns about a missing folder before collectstatic
MEDIA_URL = env_str("BALAI_MEDIA_URL", "/media/")
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": media_storage(MEDIA_ROOT, MEDIA_URL),  # local folder, or S3 with BALAI_S3_BUCKET
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Media limits (balai.media): checked from the file's header before anything is decoded.
BALAI_MEDIA_MAX_IMAGE_BYTES = env_int("BALAI_MEDIA_MAX_IMAGE_BYTES", 16 * 1024 * 1024)
BALAI_MEDIA_MAX_VIDEO_BYTES = env_int("BALAI_MEDIA_MAX_VIDEO_BYTES", 100 * 1024 * 1024)
BALAI_MEDIA_MAX_PIXELS = env_int("BALAI_MEDIA_MAX_PIXELS", 40_000_000)
BALAI_MEDIA_MAX_VIDEO_SECONDS = env_int("BALAI_MEDIA_MAX_VIDEO_SECONDS", 300)
BALAI_MEDIA_VIDEO = env_bool("BALAI_MEDIA_VIDEO", True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

for _key, _value in email_settings(env_str("BALAI_EMAIL_URL", "")).items():
    globals()[_key] = _value
DEFAULT_FROM_EMAIL = env_str("BALAI_EMAIL_FROM", f"Balai <noreply@{BALAI_DOMAIN.split(':')[0]}>")

TASKS = {
    "default": {
        "BACKEND": env_str("BALAI_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "balai",
        # Room to spare over Django's default of 300 entries, which evicts early on a busy
        # instance: ~50 MB at most.
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}
_redis_url = env_str("BALAI_REDIS_URL", "")
if _redis_url:
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": _redis_url,
    }

SESSION_ENGINE = "balai.web.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = BALAI_HTTPS
CSRF_COOKIE_SECURE = BALAI_HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if BALAI_HTTPS:
    SECURE_HSTS_SECONDS = 31536000
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Reverse proxies (addresses or CIDR ranges) whose X-Forwarded-For is believed when they are the
# peer; everyone else's is ignored. Loopback is not trusted unless listed.
BALAI_TRUSTED_PROXIES = env_list("BALAI_TRUSTED_PROXIES", [])
# Where rate-limit counters live: "database" (default) or "cache" (default with Redis).
BALAI_RATE_LIMIT_STORE = env_str("BALAI_RATE_LIMIT_STORE", "cache" if _redis_url else "database")
if BALAI_RATE_LIMIT_STORE not in {"database", "cache"}:
    raise ValueError("BALAI_RATE_LIMIT_STORE must be database or cache")

# Instance policy.
BALAI_REGISTRATION_MODE = env_str("BALAI_REGISTRATION_MODE", "open")  # open | approval | closed
if BALAI_REGISTRATION_MODE not in {"open", "approval", "closed"}:
    raise ValueError("BALAI_REGISTRATION_MODE must be open, approval or closed")
BALAI_SIGNUP_CONFIRM_EMAIL = env_bool("BALAI_SIGNUP_CONFIRM_EMAIL", True)
BALAI_MAX_POST_CHARS = env_int("BALAI_MAX_POST_CHARS", 1000)
BALAI_TIMELINE_PAGE_SIZE = env_int("BALAI_TIMELINE_PAGE_SIZE", 20)
# Require a token for every client-API read of content (public timelines, statuses, accounts,
# search); instance discovery and app registration stay open. See balai/route_access.py.
BALAI_API_REQUIRE_LOGIN = env_bool("BALAI_API_REQUIRE_LOGIN", False)
BALAI_ACCOUNT_DELETION_GRACE_DAYS = env_int("BALAI_ACCOUNT_DELETION_GRACE_DAYS", 30)
BALAI_IP_RETENTION_DAYS = env_int("BALAI_IP_RETENTION_DAYS", 30)

# Pluggable hooks (dotted paths): the post screen is provided by the moderation app.
BALAI_POST_SCREEN = env_str("BALAI_POST_SCREEN", "balai.moderation.services.post_screen")
# Classifier backends run synchronously on every post (comma-separated dotted paths), and the
# optional deep backend run after publication (empty = off). See balai/moderation/README.md.
BALAI_MODERATION_BACKENDS = env_str(
    "BALAI_MODERATION_BACKENDS",
    "balai.moderation.classifiers.rules.RulesBackend,balai.moderation.classifiers.fast.FastBackend",
)
BALAI_MODERATION_DEEP_BACKEND = env_str("BALAI_MODERATION_DEEP_BACKEND", "")
# A bearer token that may read /metrics (Prometheus) besides admins; empty = admins only.
BALAI_METRICS_TOKEN = env_str("BALAI_METRICS_TOKEN", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("BALAI_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
