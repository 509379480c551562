"""Known-bad images: the screen holds posts whose media match the hash bank (balai.media.bank).

A moderator's removal banks the PDQ hashes of the post's media; an overturned removal retires
them. Media still being processed when its post is screened is checked when it becomes ready
(`media.ready`), and a match then holds the post retroactively.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from balai.media.bank import hash_bank_add, hash_bank_match, hash_bank_retire
from balai.media.models import MediaAttachment
from balai.media.selectors import post_media_hashes
from balai.moderation.models import ScreenAction
from balai.moderation.policy import current_policy
from balai.moderation.screening import ScreenOutcome
from balai.posts.models import Post, PostState
from balai.posts.notifications import withdraw_post_notifications
from balai.posts.services import post_state_set

MEDIA_CATEGORY = "known_bad_media"


def media_match_evidence(post_id: int) -> dict[str, Any] | None:
    for pdq in post_media_hashes(post_id):
        match = hash_bank_match(pdq)
        if match is not None:
            return {
                "kind": "media_hash",
                "bank_entry": str(match.entry_id),
                "distance": match.distance,
                "source": match.source,
                "category": match.category,
            }
    return None


def apply_media_bank(post: Post, outcome: ScreenOutcome) -> None:
    """Hold a post whose media matches the bank, unless the text already decided worse."""
    if outcome.action in (ScreenAction.HOLD, ScreenAction.REJECT):
        return
    evidence = media_match_evidence(post.pk)
    if evidence is not None:
        outcome.action = str(ScreenAction.HOLD)
        outcome.category = evidence["category"] or MEDIA_CATEGORY
        outcome.evidence.append(evidence)


def bank_post_media(*, post_id: int, category: str) -> None:
    hashes = post_media_hashes(post_id)
    if hashes:
        hash_bank_add(hashes, source="moderation", category=category)


def retire_post_media(*, post_id: int) -> None:
    hashes = post_media_hashes(post_id)
    if hashes:
        hash_bank_retire(hashes)


def on_media_ready(*, media_id: int, **_payload: Any) -> None:
    """Late-processed media: check the bank now and hold its post retroactively on a match."""
    from balai.moderation.selectors import views_of
    from balai.moderation.services.screen import hold_file, verdict_store

    post_id = MediaAttachment.objects.filter(pk=media_id).values_list("post_id", flat=True).first()
    if post_id is None:
        return
    evidence = media_match_evidence(post_id)
    if evidence is None:
        return
    with transaction.atomic():
        post = Post.objects.select_for_update().filter(pk=post_id).first()
        if post is None or post.state != PostState.PUBLISHED:
            return
        outcome = ScreenOutcome(
            action=str(ScreenAction.HOLD),
            category=evidence["category"] or MEDIA_CATEGORY,
            scores={},
            evidence=[evidence],
            model_versions={"media_bank": "pdq"},
            policy_version=current_policy().version,
            lang=post.language,
        )
        verdict = verdict_store(post=post, outcome=outcome, stage="media", is_edit=False)
        post_state_set(post=post, state=PostState.HELD)
        hold_file(post=post, verdict=verdict, views=views_of([post.pk]))
        transaction.on_commit(lambda: withdraw_post_notifications(post_id))
