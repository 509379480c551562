"""Home and local timelines run SQL compiled once per shape (balai.core.compiled); they must
answer exactly as the ORM query built afresh from the access chokepoint would, for every kind of
viewer, relation and cursor."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from django.utils import timezone

from balai.accounts import access
from balai.accounts import services as accounts
from balai.accounts.access import relations_of
from balai.accounts.models import User
from balai.posts import selectors, services
from balai.posts.access import visible_posts_q
from balai.posts.models import Post
from balai.posts.selectors import Cursor


def _post(author, text, visibility="public"):  # type: ignore[no-untyped-def]
    draft = services.PostDraft(text=text)
    return services.post_create(author=author, draft=draft, visibility=visibility)


@pytest.fixture
def network(make_user):  # type: ignore[no-untyped-def]
    people = {n: make_user(username=n) for n in ["ana", "budi", "citra", "dewi", "eko", "mod"]}
    ana, budi, citra, dewi, eko = (people[n] for n in ["ana", "budi", "citra", "dewi", "eko"])
    people["mod"].role = "moderator"
    people["mod"].save()
    follows = [(ana, budi), (ana, citra), (dewi, budi), (eko, ana), (budi, ana)]
    for follower, target in [*follows, (people["mod"], budi)]:
        accounts.follow_create(follower=follower, target=target)
    accounts.mute_create(muter=ana, target=citra)
    accounts.block_create(blocker=dewi, target=ana)
    for author in [ana, budi, citra, dewi]:
        for visibility in ["public", "unlisted", "private", "direct"]:
            _post(author, f"{visibility} from {author.username} @eko", visibility)
    services.reblog_create(user=budi, post_id=_post(citra, "citra, reposted").pk)
    services.reblog_create(user=citra, post_id=_post(ana, "ana, reposted").pk)
    for name, change in [
        ("fikri", {"suspended_at": timezone.now()}),  # suspended until further notice
        ("gita", {"is_active": False}),  # deactivated
        ("hadi", {"suspended_at": timezone.now(), "suspended_until": timezone.now()}),  # over
    ]:
        gone = make_user(username=name)
        accounts.follow_create(follower=ana, target=gone)
        services.reblog_create(user=budi, post_id=_post(gone, f"{name}, reposted").pk)
        _post(gone, f"public from {name}")
        User.objects.filter(pk=gone.pk).update(**change)
    people["anonymous"] = None
    return people


CURSORS = [
    {},
    {"limit": 3},
    {"limit": 2, "max_id": "middle"},
    {"since_id": "middle"},
    {"min_id": "middle", "limit": 2},
]


def _cursor(spec: dict[str, object]) -> Cursor:
    middle = sorted(Post.objects.values_list("id", flat=True))[8]
    return Cursor(**{k: middle if v == "middle" else v for k, v in spec.items()})  # type: ignore[arg-type]


def _reference(viewer: User | None, scope, cursor: Cursor) -> list[int]:  # type: ignore[no-untyped-def]
    """The ORM query built afresh, checking authors on their own rows (no inlined list)."""
    relations = replace(relations_of(viewer), hidden_authors=None)
    queryset = Post.objects.filter(visible_posts_q(viewer, relations) & scope(viewer, relations))
    return [p.pk for p in selectors.paginate(queryset, cursor)]


@pytest.mark.parametrize("spec", CURSORS)
@pytest.mark.parametrize("name", ["ana", "budi", "dewi", "eko", "mod"])
def test_home_matches_the_orm_query(network, name: str, spec) -> None:  # type: ignore[no-untyped-def]
    viewer = network[name]
    got = [p.pk for p in selectors.home_timeline(viewer, _cursor(spec))]
    assert got == _reference(viewer, selectors._home_scope, _cursor(spec))
    if not spec:
        assert got  # every viewer here has something at home: the comparison is not vacuous


@pytest.mark.parametrize("spec", CURSORS)
@pytest.mark.parametrize("name", ["anonymous", "ana", "dewi", "mod"])
def test_local_matches_the_orm_query(network, name: str, spec) -> None:  # type: ignore[no-untyped-def]
    viewer = network[name]
    got = [p.pk for p in selectors.local_timeline(viewer, _cursor(spec))]
    assert got == _reference(viewer, selectors._local_scope, _cursor(spec))


def test_the_clock_is_read_per_request_not_frozen_into_the_compiled_query(network) -> None:  # type: ignore[no-untyped-def]
    """A suspension that ends shows the author's posts again on the next request."""
    budi = network["budi"]
    shown = {p.author_id for p in selectors.local_timeline(None, Cursor(limit=40))}
    assert budi.pk in shown
    User.objects.filter(pk=budi.pk).update(
        suspended_at=timezone.now(), suspended_until=timezone.now() + timedelta(seconds=1)
    )
    shown = {p.author_id for p in selectors.local_timeline(None, Cursor(limit=40))}
    assert budi.pk not in shown
    User.objects.filter(pk=budi.pk).update(suspended_until=timezone.now() - timedelta(seconds=1))
    shown = {p.author_id for p in selectors.local_timeline(None, Cursor(limit=40))}
    assert budi.pk in shown


@pytest.mark.parametrize("limit", [0, 500])
def test_hidden_authors_are_left_out_whether_inlined_or_joined(network, monkeypatch, limit) -> None:  # type: ignore[no-untyped-def]
    """Suspended and deactivated accounts vanish from timelines; an ended suspension does not
    hide anyone. With more hidden accounts than the inline limit, the author rows are joined."""
    monkeypatch.setattr(access, "HIDDEN_AUTHORS_INLINE_LIMIT", limit)
    ana = network["ana"]
    assert (relations_of(ana).hidden_authors is None) is (limit == 0)
    texts = {p.text for p in selectors.home_timeline(ana, Cursor(limit=40))}
    reposted = {
        p.reblog_of.text
        for p in selectors.home_timeline(network["dewi"], Cursor(limit=40))
        if p.reblog_of
    }
    assert "public from hadi" in texts and "hadi, reposted" in reposted
    for name in ["fikri", "gita"]:
        assert f"public from {name}" not in texts
        assert f"{name}, reposted" not in reposted
    assert [p.pk for p in selectors.home_timeline(ana, Cursor(limit=40))] == _reference(
        ana, selectors._home_scope, Cursor(limit=40)
    )
