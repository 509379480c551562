"""Account statuses filters narrow the query before it is paginated, so pages are never short."""

from __future__ import annotations

from django.test import Client

from balai.posts.services import PostDraft, post_create


def test_tagged_filter_is_applied_before_the_page_is_cut(make_user):
    """With limit=1, the newest *tagged* post comes back even if newer untagged ones exist."""
    author = make_user()
    tagged = post_create(author=author, draft=PostDraft(text="old one #Balai"))
    for n in range(3):
        post_create(author=author, draft=PostDraft(text=f"newer untagged {n}"))
    response = Client().get(f"/api/v1/accounts/{author.pk}/statuses?tagged=%23balai&limit=1")
    assert response.status_code == 200
    assert [s["id"] for s in response.json()] == [str(tagged.pk)]
