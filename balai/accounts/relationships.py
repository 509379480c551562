"""How an account stands to others: follows both ways, follow requests both ways, blocks both
ways and mutes, for any number of accounts in one query (the profile page, the API's
Relationship entity)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from typing import Any

from django.db import models

from balai.accounts.models import Block, Follow, FollowRequest, Mute, User
from balai.core import sql


@dataclass(frozen=True)
class Relationship:
    following: bool = False
    followed_by: bool = False
    requested: bool = False
    requested_by: bool = False
    blocking: bool = False
    blocked_by: bool = False
    muting: bool = False


NONE = Relationship()

# (flag, table, the other account's column, the viewer's column)
_ARMS: tuple[tuple[str, type[models.Model], str, str], ...] = (
    ("following", Follow, "followee", "follower"),
    ("followed_by", Follow, "follower", "followee"),
    ("requested", FollowRequest, "target", "requester"),
    ("requested_by", FollowRequest, "requester", "target"),
    ("blocking", Block, "blocked", "blocker"),
    ("blocked_by", Block, "blocker", "blocked"),
    ("muting", Mute, "muted", "muter"),
)


def relationships(viewer: User, account_ids: Collection[int]) -> dict[int, Relationship]:
    """Each account's relationship to `viewer` (every id answered, `NONE` when unrelated)."""
    ids = list(dict.fromkeys(int(pk) for pk in account_ids))
    if not ids:
        return {}
    arms: list[str] = []
    params: list[Any] = []
    for k, (_flag, model, other, own) in enumerate(_ARMS):
        condition, id_params = sql.id_in(sql.column(model, other), ids)
        arms.append(sql.tagged_select(f"r{k}", model, other, where=own, extra=f"AND {condition}"))
        params += [viewer.pk, *id_params]
    found = {pk: NONE for pk in ids}
    for tag, pk in sql.fetch(" UNION ALL ".join(arms), params):
        flag = _ARMS[int(tag[1:])][0]
        found[pk] = replace(found[pk], **{flag: True})
    return found


def relationship(viewer: User | None, account: User) -> Relationship:
    """The viewer's relationship to one account (`NONE` for a visitor or for themselves)."""
    if viewer is None or viewer.pk == account.pk:
        return NONE
    return relationships(viewer, [account.pk])[account.pk]
