"""The caller's bookmarks and favourites, paginated by when they were made."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from balai.api.auth import current_user, scoped
from balai.api.pagination import cursor_from, page_rows, paged
from balai.api.schemas.status import serialize_statuses
from balai.posts.access import visible_posts
from balai.posts.models import Bookmark, Like

router = Router(tags=["collections"])


def _page(request: HttpRequest, model: type[Bookmark] | type[Like]) -> HttpResponse:
    user = current_user(request)
    rows = model.objects.filter(user=user, post__in=visible_posts(user)).select_related(
        "post", "post__author", "post__quote_of", "post__quote_of__author"
    )
    page = page_rows(rows, cursor_from(request))
    return paged(request, serialize_statuses(user, [r.post for r in page]), [r.pk for r in page])


@router.get("/v1/bookmarks", auth=scoped("read:bookmarks"))
def bookmarks(request: HttpRequest) -> HttpResponse:
    return _page(request, Bookmark)


@router.get("/v1/favourites", auth=scoped("read:favourites"))
def favourites(request: HttpRequest) -> HttpResponse:
    return _page(request, Like)
