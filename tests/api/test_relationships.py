"""GET /api/v1/accounts/relationships: every flag of the Relationship entity, both directions,
for many accounts in one database query; and the profile page shows the same facts."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from balai.accounts import services
from balai.accounts.relationships import NONE, relationship, relationships

FLAGS = (
    "following",
    "followed_by",
    "requested",
    "requested_by",
    "blocking",
    "blocked_by",
    "muting",
)


def _network(make_user: Any) -> tuple[Any, dict[str, Any]]:
    """`me` and one account per way of standing to it."""
    me = make_user(username="me")
    names = ("friend", "fan", "star", "suitor", "pest", "bully", "bore", "stranger")
    others = {name: make_user(username=name) for name in names}
    services.follow_create(follower=me, target=others["friend"])
    services.follow_create(follower=others["fan"], target=me)
    others["star"].locked = True
    others["star"].save(update_fields=["locked"])
    assert services.follow_create(follower=me, target=others["star"]) == "requested"
    me.locked = True
    me.save(update_fields=["locked"])
    assert services.follow_create(follower=others["suitor"], target=me) == "requested"
    services.block_create(blocker=me, target=others["pest"])
    services.block_create(blocker=others["bully"], target=me)
    services.mute_create(muter=me, target=others["bore"])
    return me, others


EXPECTED = {
    "friend": {"following"},
    "fan": {"followed_by"},
    "star": {"requested"},
    "suitor": {"requested_by"},
    "pest": {"blocking"},
    "bully": {"blocked_by"},
    "bore": {"muting"},
    "stranger": set(),
}


def test_every_flag_in_both_directions_in_the_order_asked(make_user, api):
    me, others = _network(make_user)
    order = ["stranger", *EXPECTED.keys()]
    query = "&".join(f"id[]={others[name].pk}" for name in order)
    response = api(me).get(f"/api/v1/accounts/relationships?{query}")
    assert response.status_code == 200
    body = response.json()
    assert [row["id"] for row in body] == [str(others[name].pk) for name in order]
    for name, row in zip(order, body, strict=True):
        assert {flag for flag in FLAGS if row[flag]} == EXPECTED[name], name
        assert row["showing_reblogs"] is row["following"]
        assert row["muting_notifications"] is row["muting"]


def test_unknown_and_malformed_ids_are_left_out(make_user, api):
    me, others = _network(make_user)
    client = api(me)
    response = client.get(f"/api/v1/accounts/relationships?id[]={others['friend'].pk}&id[]=12345")
    assert [row["id"] for row in response.json()] == [str(others["friend"].pk)]
    malformed = client.get(
        "/api/v1/accounts/relationships?id[]=abc&id[]=-1&id[]=99999999999999999999"
    )
    assert malformed.status_code == 200 and malformed.json() == []


def test_many_accounts_cost_one_query(make_user, django_assert_num_queries):
    me, others = _network(make_user)
    ids = [account.pk for account in others.values()]
    with django_assert_num_queries(1):
        found = relationships(me, ids)
    assert {name: {f for f in FLAGS if getattr(found[a.pk], f)} for name, a in others.items()} == (
        EXPECTED
    )
    assert relationships(me, []) == {}
    assert relationship(None, me) is NONE and relationship(me, me) is NONE


def test_the_profile_page_shows_the_relationship(make_user):
    me, _others = _network(make_user)
    client = Client()
    client.force_login(me)
    html = {name: client.get(f"/@{name}").content.decode() for name in EXPECTED}
    assert "Follows you" in html["fan"] and "Follows you" not in html["friend"]
    assert "You have blocked this account." in html["pest"]
    assert "This account's posts are not available to you." in html["bully"]
    with CaptureQueriesContext(connection) as queries:
        client.get("/@friend")
    relation_reads = [q["sql"] for q in queries.captured_queries if "accounts_block" in q["sql"]]
    assert len(relation_reads) == 2  # the relationship, and the viewer's relations, once each
