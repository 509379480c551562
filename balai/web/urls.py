from django.contrib.auth import views as auth_views
from django.urls import path, register_converter, reverse_lazy

from balai.web.views import accounts, auth, discover, posts, pwa, settings, timelines

app_name = "web"

MAX_ID = 2**63 - 1


class SnowflakeConverter:
    """A 64-bit id; anything larger is simply no match (a 404), never a database error."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError(value)
        return number

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(SnowflakeConverter, "id")

password_reset_urls = [
    path(
        "password/reset",
        auth_views.PasswordResetView.as_view(
            template_name="web/auth/password_reset.html",
            email_template_name="accounts/email/password_reset_body.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
            success_url=reverse_lazy("web:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent",
        auth_views.PasswordResetDoneView.as_view(template_name="web/auth/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="web/auth/password_reset_confirm.html",
            success_url=reverse_lazy("web:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="web/auth/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", timelines.index, name="index"),
    path("home", timelines.home, name="home"),
    path("local", timelines.local, name="local"),
    path("tags/<str:name>", timelines.tag, name="tag"),
    path("bookmarks", timelines.bookmarks, name="bookmarks"),
    path("compose", posts.compose, name="compose"),
    path("posts/<id:post_id>/edit", posts.edit, name="edit"),
    path("posts/<id:post_id>/delete", posts.delete, name="delete"),
    path("posts/<id:post_id>/<str:action>", posts.act, name="post_action"),
    path("@<str:username>", accounts.profile, name="profile"),
    path(
        "@<str:username>/followers",
        accounts.graph_list,
        {"direction": "followers"},
        name="followers",
    ),
    path(
        "@<str:username>/following",
        accounts.graph_list,
        {"direction": "following"},
        name="following",
    ),
    path("@<str:username>/<id:post_id>", posts.thread, name="post"),
    path("@<str:username>/<id:post_id>/history", posts.history, name="history"),
    path("accounts/<str:username>/<str:action>", accounts.account_action, name="account_action"),
    path("notifications", discover.notifications, name="notifications"),
    path("search", discover.search, name="search"),
    path("signup", auth.signup, name="signup"),
    path("confirm-email/resend", auth.resend_confirmation, name="resend_confirmation"),
    path("confirm-email/<str:token>", auth.confirm_email, name="confirm_email"),
    path("login", auth.login_view, name="login"),
    path("login/2fa", auth.login_2fa, name="login_2fa"),
    path("logout", auth.logout_view, name="logout"),
    *password_reset_urls,
    path("settings/profile", settings.profile_settings, name="settings_profile"),
    path("settings/images", settings.profile_images, name="settings_images"),
    path("settings/security", settings.security, name="settings_security"),
    path("settings/2fa", settings.totp_setup, name="totp_setup"),
    path("settings/2fa/disable", settings.totp_disable, name="totp_disable"),
    path("settings/2fa/recovery-codes", settings.recovery_codes, name="recovery_codes"),
    path("settings/follow-requests", accounts.follow_requests, name="follow_requests"),
    path("settings/language", settings.set_language, name="set_language"),
    path("settings/data", settings.account_data, name="settings_data"),
    path("settings/data/export", settings.account_export, name="account_export"),
    path("account/restore/<str:token>", settings.account_restore, name="account_restore"),
    path("pending-accounts", accounts.pending_accounts, name="pending_accounts"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("offline", pwa.offline, name="offline"),
]
