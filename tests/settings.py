"""Settings for the test suite: Balai's settings with test-friendly defaults.

pytest-django loads settings before any conftest runs, so test defaults are set here.
Every default can still be overridden from the environment (e.g. BALAI_DATABASE_URL for
PostgreSQL).
"""

import os
import tempfile

os.environ.setdefault("BALAI_DATA_DIR", tempfile.mkdtemp(prefix="balai-test-"))
os.environ.setdefault("BALAI_SIGNUP_CONFIRM_EMAIL", "false")
os.environ.setdefault("BALAI_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
os.environ.setdefault("BALAI_EMAIL_URL", "locmem://")

from balai.settings import *  # noqa: F403
