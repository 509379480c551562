"""Who may reach each URL: the explicit allow-list of routes open to anonymous visitors.

Every URL pattern of the site must appear in exactly one of these sets (client-API operations
are classified by their own `auth=` declarations and listed in ANONYMOUS_API);
`tests/security/test_route_access.py` walks the URL map and fails on any route that is not
classified, so a new page cannot become public by accident. With `BALAI_API_REQUIRE_LOGIN=true`
the content reads in ANONYMOUS_API answer 401 without a token too.
"""

# Pages anyone may open (reading public content, signing in, installing the app).
ANONYMOUS_WEB = frozenset(
    {
        "",
        "local",
        "tags/<str:name>",
        "@<str:username>",
        "@<str:username>/followers",
        "@<str:username>/following",
        "@<str:username>/<id:post_id>",
        "@<str:username>/<id:post_id>/history",
        "search",
        "signup",
        "confirm-email/resend",
        "confirm-email/<str:token>",
        "login",
        "login/2fa",
        "logout",
        "password/reset",
        "password/reset/sent",
        "password/reset/<uidb64>/<token>",
        "password/reset/complete",
        "settings/language",
        "account/restore/<str:token>",
        "manifest.webmanifest",
        "sw.js",
        "offline",
        "^media/(?P<path>[mp]/.+)$",
        # OAuth and discovery: how apps and other servers find and sign in to Balai.
        "oauth/authorize",
        "oauth/token",
        "oauth/revoke",
        ".well-known/oauth-authorization-server",
        ".well-known/webfinger",
        ".well-known/host-meta",
        ".well-known/nodeinfo",
        "nodeinfo/2.0",
        "api/openapi.json",
        "api/docs",
        # Token or admin check inside the view (Prometheus scrapers carry a bearer token).
        "metrics",
    }
)

# Pages that need a signed-in person (the view redirects to login or answers 403/404).
SIGNED_IN_WEB = frozenset(
    {
        "home",
        "bookmarks",
        "compose",
        "posts/<id:post_id>/edit",
        "posts/<id:post_id>/delete",
        "posts/<id:post_id>/<str:action>",
        "accounts/<str:username>/<str:action>",
        "notifications",
        "settings/profile",
        "settings/images",
        "settings/security",
        "settings/2fa",
        "settings/2fa/disable",
        "settings/2fa/recovery-codes",
        "settings/follow-requests",
        "settings/data",
        "settings/data/export",
        "pending-accounts",
        "moderation/report/<int:post_id>",
        "moderation/report/account/<str:username>",
        "moderation/notices",
        "moderation/appeal/<int:decision_id>",
        "moderation/",
        "moderation/reports/<int:report_id>",
        "moderation/reports/<int:report_id>/claim",
        "moderation/reports/<int:report_id>/act",
        "moderation/appeals/<int:appeal_id>/decide",
        "moderation/bulk",
        "moderation/audit",
        "moderation/audit.<str:fmt>",
        "moderation/policy",
        "moderation/hashes",
        "moderation/dashboard",
    }
)

# Client-API operations that answer without a token: instance discovery, app registration and
# (unless BALAI_API_REQUIRE_LOGIN) public content. "METHOD /path" as in /api/openapi.json.
ANONYMOUS_API = frozenset(
    {
        "GET /api/v1/instance",
        "GET /api/v2/instance",
        "GET /api/v1/instance/rules",
        "GET /api/v1/instance/peers",
        "GET /api/v1/instance/activity",
        "GET /api/v1/instance/extended_description",
        "GET /api/v1/custom_emojis",
        "GET /api/v1/trends",
        "GET /api/v1/trends/tags",
        "GET /api/v1/trends/links",
        "POST /api/v1/apps",
        "GET /api/v1/accounts/lookup",
        "GET /api/v1/accounts/{account_id}",
        "GET /api/v1/accounts/{account_id}/statuses",
        "GET /api/v1/accounts/{account_id}/followers",
        "GET /api/v1/accounts/{account_id}/following",
        "GET /api/v1/tags/{name}",
        "GET /api/v1/trends/statuses",
        "GET /api/v1/announcements",
        "GET /api/v1/polls/{poll_id}",
        "GET /api/v2/search",
        "GET /api/v1/search",
        "GET /api/v1/statuses",
        "GET /api/v1/statuses/{status_id}",
        "GET /api/v1/statuses/{status_id}/context",
        "GET /api/v1/statuses/{status_id}/history",
        "GET /api/v1/statuses/{status_id}/favourited_by",
        "GET /api/v1/statuses/{status_id}/reblogged_by",
        "GET /api/v1/timelines/public",
        "GET /api/v1/timelines/tag/{hashtag}",
    }
)
