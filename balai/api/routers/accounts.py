"""Accounts: credentials, profiles, their posts and graph, and the graph actions."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router

from balai.accounts import services as account_services
from balai.accounts.access import active_users
from balai.accounts.models import Block, Follow, FollowRequest, Mute, User
from balai.api.auth import current_user, scoped, viewer
from balai.api.errors import ApiError, not_found
from balai.api.lookups import get_account, valid_ids
from balai.api.models import AccessToken, ListAccount, Pin
from balai.api.oauth_views import token_body
from balai.api.pagination import cursor_from, page_rows, paged
from balai.api.params import Params, uploaded_files
from balai.api.routers.timelines import with_media_q
from balai.api.schemas.account import (
    serialize_account,
    serialize_accounts,
    serialize_credential_account,
)
from balai.api.schemas.relationship import serialize_relationship, serialize_relationships
from balai.api.schemas.status import serialize_statuses
from balai.media.services import profile_image_set
from balai.posts.access import visible_posts
from balai.posts.selectors import paginate, profile_timeline

router = Router(tags=["accounts"])


@router.get("/v1/accounts/verify_credentials", auth=scoped("read:accounts"))
def verify_credentials(request: HttpRequest) -> dict[str, Any]:
    return serialize_credential_account(current_user(request))


@router.patch("/v1/accounts/update_credentials", auth=scoped("write:accounts"))
def update_credentials(request: HttpRequest) -> dict[str, Any]:
    user = current_user(request)
    p = Params(request)
    changes: dict[str, Any] = {}
    if p.has("display_name"):
        changes["display_name"] = p.text("display_name", max_length=1000)
    if p.has("note"):
        changes["bio"] = p.text("note", max_length=5000)
    if p.has("locked"):
        changes["locked"] = p.flag("locked")
    if p.has("fields_attributes"):
        raw = p.raw("fields_attributes")
        items = list(raw.values()) if isinstance(raw, dict) else raw
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise ApiError(422, _("Validation failed: fields_attributes must be a list"))
        changes["fields"] = items
    source = p.mapping("source")
    if "privacy" in source:
        changes["default_visibility"] = str(source["privacy"])
    if "language" in source:
        changes["language"] = str(source["language"] or "")
    with transaction.atomic():
        account_services.profile_update(user=user, **changes)
        _profile_images(request, user)
    return serialize_credential_account(user)


def _profile_images(request: HttpRequest, user: User) -> None:
    """`avatar` and `header` files of a multipart update_credentials (re-encoded by media)."""
    files = uploaded_files(request)
    for kind in ("avatar", "header"):
        upload = files.get(kind)
        if upload is not None:
            profile_image_set(user=user, kind=kind, file=upload, size=upload.size or 0)


@router.get("/v1/accounts/lookup", auth=scoped("read:accounts", optional=True))
def lookup(request: HttpRequest) -> dict[str, Any]:
    acct = Params(request).text("acct", required=True, max_length=300).lstrip("@")
    username, _sep, host = acct.partition("@")
    if host and host.lower() != str(settings.BALAI_DOMAIN).lower():
        raise not_found()
    user = active_users().filter(username__iexact=username, is_system=False).first()
    if user is None:
        raise not_found()
    return serialize_account(user)


@router.get("/v1/accounts/search", auth=scoped("read:accounts"))
def search(request: HttpRequest) -> list[dict[str, Any]]:
    from balai.posts.search import search_accounts

    p = Params(request)
    found = search_accounts(
        viewer(request), p.text("q", required=True, max_length=300), p.number("limit", 40) or 40
    )
    if p.flag("following"):
        following = set(
            Follow.objects.filter(follower=current_user(request)).values_list(
                "followee_id", flat=True
            )
        )
        found = [u for u in found if u.pk in following]
    return serialize_accounts(found)


@router.get("/v1/accounts/relationships", auth=scoped("read:follows"))
def relationships(request: HttpRequest) -> list[dict[str, Any]]:
    ids = valid_ids(Params(request).items("id"))
    found = {u.pk: u for u in User.objects.filter(pk__in=ids)}
    accounts = [found[i] for i in ids if i in found]
    return serialize_relationships(current_user(request), accounts)


@router.get("/v1/accounts/familiar_followers", auth=scoped("read:follows"))
def familiar_followers(request: HttpRequest) -> list[dict[str, Any]]:
    """For each account: the people you follow who also follow it (at most 40 ids asked)."""
    me = current_user(request)
    ids = valid_ids(Params(request).items("id"))[:40]
    rows = Follow.objects.filter(
        followee_id__in=ids,
        follower_id__in=Follow.objects.filter(follower=me).values("followee_id"),
        follower__in=active_users(),
    ).values_list("followee_id", "follower_id")
    familiar: dict[int, list[int]] = {pk: [] for pk in ids}
    for followee_id, follower_id in rows:
        if len(familiar[followee_id]) < 40:
            familiar[followee_id].append(follower_id)
    people = list(User.objects.in_bulk({f for found in familiar.values() for f in found}).values())
    entities = dict(zip((u.pk for u in people), serialize_accounts(people), strict=True))
    return [
        {"id": str(pk), "accounts": [entities[f] for f in found if f in entities]}
        for pk, found in familiar.items()
    ]


@router.post("/v1/accounts", auth=scoped("write:accounts", app=True))
def register(request: HttpRequest) -> dict[str, Any]:
    if settings.BALAI_REGISTRATION_MODE == "closed":
        raise ApiError(403, _("Registrations are closed on this server"))
    p = Params(request)
    if not p.flag("agreement"):
        raise ApiError(422, _("Validation failed: agreement must be accepted"))
    user = account_services.user_create(
        username=p.text("username", required=True, max_length=100),
        email=p.text("email", required=True, max_length=300),
        password=p.text("password", required=True, max_length=1000),
        language=p.text("locale", max_length=10),
        reason=p.text("reason", max_length=500),
    )
    token = request.auth  # type: ignore[attr-defined]
    app = getattr(token, "application", None)
    access, raw = AccessToken.issue(user=user, scopes=token.scopes, application=app)  # type: ignore[attr-defined]
    return token_body(access.scopes, raw, access.created_at.timestamp())


@router.get("/v1/accounts/{account_id}", auth=scoped("read:accounts", optional=True))
def get(request: HttpRequest, account_id: str) -> dict[str, Any]:
    return serialize_account(get_account(viewer(request), account_id))


@router.get("/v1/accounts/{account_id}/statuses", auth=scoped("read:statuses", optional=True))
def statuses(request: HttpRequest, account_id: str) -> HttpResponse:
    account = get_account(viewer(request), account_id)
    p = Params(request)
    cursor = cursor_from(request)
    if p.flag("pinned"):
        pinned = Pin.objects.filter(user=account).values("post_id")
        queryset = visible_posts(viewer(request)).filter(id__in=pinned)
        posts = paginate(queryset, cursor)
    else:
        posts = profile_timeline(
            viewer(request), account, cursor,
            exclude_replies=p.flag("exclude_replies"), exclude_reblogs=p.flag("exclude_reblogs"),
            tagged=p.text("tagged", max_length=100),
            within=with_media_q() if p.flag("only_media") else None,
        )  # fmt: skip
    return paged(request, serialize_statuses(viewer(request), posts), [x.pk for x in posts])


def _graph_page(request: HttpRequest, rows: list[Any], attr: str) -> HttpResponse:
    accounts = [getattr(row, attr) for row in rows]
    return paged(request, serialize_accounts(accounts), [row.pk for row in rows])


@router.get("/v1/accounts/{account_id}/followers", auth=scoped("read:accounts", optional=True))
def followers(request: HttpRequest, account_id: str) -> HttpResponse:
    account = get_account(viewer(request), account_id)
    rows = Follow.objects.filter(followee=account, follower__in=active_users())
    return _graph_page(
        request,
        page_rows(rows.select_related("follower"), cursor_from(request, 40, 80)),
        "follower",
    )


@router.get("/v1/accounts/{account_id}/following", auth=scoped("read:accounts", optional=True))
def following(request: HttpRequest, account_id: str) -> HttpResponse:
    account = get_account(viewer(request), account_id)
    rows = Follow.objects.filter(follower=account, followee__in=active_users())
    return _graph_page(
        request,
        page_rows(rows.select_related("followee"), cursor_from(request, 40, 80)),
        "followee",
    )


@router.get("/v1/accounts/{account_id}/lists", auth=scoped("read:lists"))
def lists_of(request: HttpRequest, account_id: str) -> list[dict[str, Any]]:
    from balai.api.routers.lists import serialize_list

    account = get_account(viewer(request), account_id)
    memberships = ListAccount.objects.filter(list__user=current_user(request), account=account)
    return [serialize_list(m.list) for m in memberships.select_related("list")]


def _target(request: HttpRequest, account_id: str) -> tuple[User, User]:
    user = current_user(request)
    return user, get_account(user, account_id)


@router.post("/v1/accounts/{account_id}/follow", auth=scoped("write:follows"))
def follow(request: HttpRequest, account_id: str) -> dict[str, Any]:
    user, target = _target(request, account_id)
    account_services.follow_create(follower=user, target=target)
    return serialize_relationship(user, target)


@router.post("/v1/accounts/{account_id}/unfollow", auth=scoped("write:follows"))
def unfollow(request: HttpRequest, account_id: str) -> dict[str, Any]:
    user, target = _target(request, account_id)
    account_services.follow_delete(follower=user, target=target)
    return serialize_relationship(user, target)


@router.post("/v1/accounts/{account_id}/remove_from_followers", auth=scoped("write:follows"))
def remove_from_followers(request: HttpRequest, account_id: str) -> dict[str, Any]:
    user, target = _target(request, account_id)
    account_services.follower_remove(user=user, follower=target)
    return serialize_relationship(user, target)


@router.post("/v1/accounts/{account_id}/block", auth=scoped("write:blocks"))
def block(request: HttpRequest, account_id: str) -> dict[str, Any]:
    user, target = _target(request, account_id)
    account_services.block_create(blocker=user, target=target)
    return serialize_relationship(user, target)


@router.post("/v1/accounts/{account_id}/unblock", auth=scoped("write:blocks"))
def unblock(request: HttpRequest, account_id: str) -> dict[str, Any]:
    user, target = _target(request, account_id)
    account_services.block_delete(blocker=user, target=target)
    return serialize_relationship(user, target)


@router.post("/v1/accounts/{account_id}/mute", auth=scoped("write:mutes"))
def mute(request: HttpRequest, account_id: str) -> dict[str, Any]:
    user, target = _target(request, account_id)
    account_services.mute_create(muter=user, target=target)
    return serialize_relationship(user, target)


@router.post("/v1/accounts/{account_id}/unmute", auth=scoped("write:mutes"))
def unmute(request: HttpRequest, account_id: str) -> dict[str, Any]:
    user, target = _target(request, account_id)
    account_services.mute_delete(muter=user, target=target)
    return serialize_relationship(user, target)


@router.get("/v1/follow_requests", auth=scoped("read:follows"))
def follow_requests(request: HttpRequest) -> HttpResponse:
    rows = FollowRequest.objects.filter(target=current_user(request)).select_related("requester")
    return _graph_page(request, page_rows(rows, cursor_from(request, 40, 80)), "requester")


@router.post("/v1/follow_requests/{account_id}/authorize", auth=scoped("write:follows"))
def authorize_request(request: HttpRequest, account_id: str) -> dict[str, Any]:
    user, requester = _target(request, account_id)
    account_services.follow_request_authorize(target=user, requester=requester)
    return serialize_relationship(user, requester)


@router.post("/v1/follow_requests/{account_id}/reject", auth=scoped("write:follows"))
def reject_request(request: HttpRequest, account_id: str) -> dict[str, Any]:
    user, requester = _target(request, account_id)
    account_services.follow_request_reject(target=user, requester=requester)
    return serialize_relationship(user, requester)


@router.get("/v1/blocks", auth=scoped("read:blocks"))
def blocks(request: HttpRequest) -> HttpResponse:
    rows = Block.objects.filter(blocker=current_user(request)).select_related("blocked")
    return _graph_page(request, page_rows(rows, cursor_from(request, 40, 80)), "blocked")


@router.get("/v1/mutes", auth=scoped("read:mutes"))
def mutes(request: HttpRequest) -> HttpResponse:
    rows = Mute.objects.filter(muter=current_user(request)).select_related("muted")
    return _graph_page(request, page_rows(rows, cursor_from(request, 40, 80)), "muted")
