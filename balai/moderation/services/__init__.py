"""Moderation writes. `post_screen` is the hook named by settings.BALAI_POST_SCREEN."""

from balai.moderation.services.accounts import account_action, account_lift
from balai.moderation.services.appeals import appeal_create, appeal_decide
from balai.moderation.services.decisions import decision_take
from balai.moderation.services.hashbank import hash_list_import
from balai.moderation.services.reports import report_assign, report_create, report_reopen
from balai.moderation.services.screen import post_screen, views_record

__all__ = [
    "account_action",
    "account_lift",
    "appeal_create",
    "appeal_decide",
    "decision_take",
    "hash_list_import",
    "post_screen",
    "report_assign",
    "report_create",
    "report_reopen",
    "views_record",
]
