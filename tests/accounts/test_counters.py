"""An account's followers, following and post counters and its last post date are kept on its
row and must always equal what counting the follows and posts says, whatever changed them."""

from __future__ import annotations

from django.db.models import Max, Q

from balai.accounts import services as accounts
from balai.accounts.models import Follow, User
from balai.api.schemas.account import serialize_account
from balai.posts import services
from balai.posts.counters import recount_statuses
from balai.posts.models import Post, PostState
from balai.privacy.deletion import account_purge


def _counted(user: User) -> dict[str, object]:
    counted = Post.objects.filter(
        author=user, state=PostState.PUBLISHED, deleted_at__isnull=True
    ).exclude(visibility="direct")
    return {
        "followers_count": Follow.objects.filter(followee=user).count(),
        "following_count": Follow.objects.filter(follower=user).count(),
        "statuses_count": counted.count(),
        "last_status_at": counted.aggregate(last=Max("created_at"))["last"],
    }


def _kept(user: User) -> dict[str, object]:
    user.refresh_from_db()
    return {key: getattr(user, key) for key in _counted(user)}


def _assert_exact(*users: User) -> None:
    for user in users:
        assert _kept(user) == _counted(user), user.username


def _post(author: User, text: str = "hello", visibility: str = "public") -> Post:
    return services.post_create(
        author=author, draft=services.PostDraft(text=text), visibility=visibility
    )


def test_follow_counters_follow_every_change_of_the_graph(make_user) -> None:  # type: ignore[no-untyped-def]
    ana, budi, citra, dewi = make_user(), make_user(), make_user(locked=True), make_user()
    accounts.follow_create(follower=ana, target=budi)
    accounts.follow_create(follower=dewi, target=budi)
    accounts.follow_create(follower=budi, target=ana)
    assert _kept(budi)["followers_count"] == 2 and _kept(budi)["following_count"] == 1
    accounts.follow_create(follower=ana, target=citra)  # a request: nothing counted yet
    assert _kept(citra)["followers_count"] == 0
    accounts.follow_request_authorize(target=citra, requester=ana)
    assert _kept(citra)["followers_count"] == 1 and _kept(ana)["following_count"] == 2
    accounts.follow_delete(follower=dewi, target=budi)
    accounts.follower_remove(user=citra, follower=ana)
    accounts.block_create(blocker=budi, target=ana)  # ends both follows
    assert _kept(budi)["followers_count"] == 0 and _kept(ana)["following_count"] == 0
    _assert_exact(ana, budi, citra, dewi)


def test_post_counters_count_published_non_direct_posts_and_reposts(make_user) -> None:  # type: ignore[no-untyped-def]
    ana, budi = make_user(), make_user()
    first = _post(ana)
    _post(ana, "@" + budi.username + " psst", "direct")
    _post(ana, "followers only", "private")
    services.reblog_create(user=budi, post_id=first.pk)
    assert _kept(ana)["statuses_count"] == 2 and _kept(budi)["statuses_count"] == 1
    assert _kept(ana)["last_status_at"] is not None
    services.post_delete(author=ana, post_id=first.pk)  # its repost goes with it
    assert _kept(ana)["statuses_count"] == 1 and _kept(budi)["statuses_count"] == 0
    assert _kept(budi)["last_status_at"] is None
    _assert_exact(ana, budi)


def test_a_moderators_removal_and_an_approval_recount(make_user) -> None:  # type: ignore[no-untyped-def]
    from balai.moderation.services import report_create
    from balai.moderation.services.decisions import decision_take

    author, reader, mod = make_user(), make_user(), make_user(role="moderator")
    kept, removed = _post(author, "one"), _post(author, "two")
    report = report_create(reporter=reader, account=author, post_ids=[removed.pk])
    decision_take(moderator=mod, report=report, action="remove", rule="incitement")
    assert _kept(author)["statuses_count"] == 1
    report = report_create(reporter=reader, account=author, post_ids=[kept.pk])
    Post.objects.filter(pk=kept.pk).update(state=PostState.HELD)  # as a screen would hold it
    recount_statuses([author.pk])
    assert _kept(author)["statuses_count"] == 0
    decision_take(moderator=mod, report=report, action="approve")
    assert _kept(author)["statuses_count"] == 1
    _assert_exact(author)


def test_purging_an_account_recounts_the_people_around_it(make_user) -> None:  # type: ignore[no-untyped-def]
    gone, ana, budi = make_user(), make_user(), make_user()
    accounts.follow_create(follower=ana, target=gone)
    accounts.follow_create(follower=gone, target=budi)
    services.reblog_create(user=ana, post_id=_post(gone).pk)
    assert _kept(ana)["statuses_count"] == 1
    assert account_purge(user_id=gone.pk)
    assert not Follow.objects.filter(Q(follower_id=gone.pk) | Q(followee_id=gone.pk)).exists()
    assert _kept(ana)["statuses_count"] == 0 and _kept(budi)["followers_count"] == 0
    _assert_exact(ana, budi)


def test_the_account_entity_shows_the_kept_counters(make_user) -> None:  # type: ignore[no-untyped-def]
    ana, budi = make_user(), make_user()
    accounts.follow_create(follower=ana, target=budi)
    _post(budi)
    budi.refresh_from_db()
    shown = serialize_account(budi)
    counts = [shown[f"{name}_count"] for name in ("followers", "following", "statuses")]
    assert counts == [1, 0, 1]
    assert shown["last_status_at"] == budi.last_status_at.date().isoformat()
