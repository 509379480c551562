"""WebFinger, host-meta and NodeInfo (discovery documents outside the JSON API)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from balai.accounts.access import active_users
from balai.api.instance import balai_version, domain, registrations_open
from balai.api.schemas.common import absolute, base_url
from balai.posts.models import Post, PostState

NODEINFO_SCHEMA = "http://nodeinfo.diaspora.software/ns/schema/2.0"


def webfinger(request: HttpRequest) -> HttpResponse:
    resource = request.GET.get("resource", "").strip()
    name = resource
    if name.startswith("acct:"):
        name = name[5:]
    elif name.startswith(base_url() + "/@"):
        name = name[len(base_url()) + 2 :]
    elif name.startswith(base_url() + "/users/"):
        name = name[len(base_url()) + 7 :]
    username, _sep, host = name.lstrip("@").partition("@")
    if not resource:
        return JsonResponse({"error": "resource is required"}, status=400)
    if host and host.lower() != domain().lower():
        return JsonResponse({"error": "Record not found"}, status=404)
    user = active_users().filter(username__iexact=username, is_system=False).first()
    if user is None:
        return JsonResponse({"error": "Record not found"}, status=404)
    profile = absolute(f"/@{user.username}")
    response = JsonResponse(
        {
            "subject": f"acct:{user.username}@{domain()}",
            "aliases": [profile, absolute(f"/users/{user.username}")],
            "links": [
                {
                    "rel": "http://webfinger.net/rel/profile-page",
                    "type": "text/html",
                    "href": profile,
                },
                {
                    "rel": "self",
                    "type": "application/activity+json",
                    "href": absolute(f"/users/{user.username}"),
                },
            ],
        },
        content_type="application/jrd+json",
    )
    return response


def host_meta(request: HttpRequest) -> HttpResponse:
    template = absolute("/.well-known/webfinger") + "?resource={uri}"
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">\n'
        f'  <Link rel="lrdd" template="{template}"/>\n'
        "</XRD>\n"
    )
    return HttpResponse(body, content_type="application/xrd+xml; charset=utf-8")


def nodeinfo_index(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"links": [{"rel": NODEINFO_SCHEMA, "href": absolute("/nodeinfo/2.0")}]})


def nodeinfo(request: HttpRequest) -> HttpResponse:
    users = active_users().filter(is_system=False).count()
    posts = Post.objects.filter(
        state=PostState.PUBLISHED, deleted_at__isnull=True, reblog_of__isnull=True,
        author__is_system=False,
    ).count()  # fmt: skip
    return JsonResponse(
        {
            "version": "2.0",
            "software": {"name": "balai", "version": balai_version()},
            "protocols": ["activitypub"],
            "services": {"outbound": [], "inbound": []},
            "usage": {
                "users": {"total": users, "activeMonth": users, "activeHalfyear": users},
                "localPosts": posts,
            },
            "openRegistrations": registrations_open(),
            "metadata": {"nodeName": settings.BALAI_SITE_NAME},
        },
        content_type=f'application/json; profile="{NODEINFO_SCHEMA}#"',
    )
