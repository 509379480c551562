"""familiar_followers: the accounts I follow that also follow each account asked about."""

from __future__ import annotations

from django.test import Client

from balai.accounts import services
from balai.api.models import AccessToken


def test_familiar_followers_lists_people_i_follow_who_follow_them(make_user):
    me, friend, stranger, star, loner = (make_user() for _ in range(5))
    services.follow_create(follower=me, target=friend)
    services.follow_create(follower=friend, target=star)
    services.follow_create(follower=stranger, target=star)
    _t, token = AccessToken.issue(user=me, scopes="read")
    response = Client().get(
        f"/api/v1/accounts/familiar_followers?id[]={star.pk}&id[]={loner.pk}",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 200
    by_id = {item["id"]: [a["id"] for a in item["accounts"]] for item in response.json()}
    assert by_id == {str(star.pk): [str(friend.pk)], str(loner.pk): []}
