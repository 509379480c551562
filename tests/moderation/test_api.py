"""The Mastodon API side of moderation: user reports and the admin API over the one queue."""

from __future__ import annotations

from django.test import Client

from balai.api.models import AccessToken
from balai.moderation.models import Report


def api(user, scopes: str = "read write"):  # type: ignore[no-untyped-def]
    _token, raw = AccessToken.issue(user=user, scopes=scopes)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def test_user_reports_a_status_and_moderators_see_both_kinds_with_statuses(make_user, post):
    """POST /api/v1/reports files into the queue; /api/v1/admin/reports lists user reports and
    automated holds (filed by the system account) with their statuses attached."""
    author, reader = make_user(username="author"), make_user(username="reader")
    visible = post(author, "meet at the old market tonight")
    held = post(author, "I will kill you tonight")
    as_reader = api(reader)
    response = as_reader.post(
        "/api/v1/reports",
        {"account_id": str(author.pk), "status_ids[]": [str(visible.pk)],
         "category": "violation", "comment": "a threat"},
    )  # fmt: skip
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status_ids"] == [str(visible.pk)] and body["action_taken"] is False
    hidden = as_reader.post(
        "/api/v1/reports", {"account_id": str(author.pk), "status_ids[]": [str(held.pk)]}
    )
    assert hidden.status_code == 404
    assert as_reader.get("/api/v1/admin/reports").status_code == 403
    moderator = api(make_user(role="moderator"), "admin:read admin:write")
    listed = moderator.get("/api/v1/admin/reports").json()
    by_source = {r["balai"]["source"]: r for r in listed}
    assert set(by_source) == {"user", "automated"}
    assert by_source["automated"]["statuses"][0]["id"] == str(held.pk)
    assert by_source["automated"]["account"]["username"] == "balai_safety"
    assert by_source["user"]["statuses"][0]["id"] == str(visible.pk)


def test_admin_account_action_resolves_the_report_and_can_be_lifted(make_user, post):
    """assign_to_self claims; an account action with report_id decides it; unsilence lifts."""
    author, reader = make_user(username="author"), make_user(username="reader")
    target = post(author, "meet at the old market tonight")
    report = Report.objects.get(
        pk=api(reader)
        .post("/api/v1/reports", {"account_id": str(author.pk), "status_ids[]": [str(target.pk)]})
        .json()["id"]
    )
    moderator = api(make_user(username="mod", role="moderator"), "admin:read admin:write")
    claimed = moderator.post(f"/api/v1/admin/reports/{report.pk}/assign_to_self").json()
    assert claimed["assigned_account"]["username"] == "mod"
    response = moderator.post(
        f"/api/v1/admin/accounts/{author.pk}/action",
        {"type": "silence", "report_id": str(report.pk), "text": "threatening"},
    )
    assert response.status_code == 200
    author.refresh_from_db()
    assert author.limited
    assert moderator.get(f"/api/v1/admin/reports/{report.pk}").json()["action_taken"] is True
    silenced = moderator.get("/api/v2/admin/accounts?status=silenced").json()
    assert [a["username"] for a in silenced] == ["author"]
    lifted = moderator.post(f"/api/v1/admin/accounts/{author.pk}/unsilence").json()
    assert lifted["silenced"] is False
    reopened = moderator.post(f"/api/v1/admin/reports/{report.pk}/reopen").json()
    assert reopened["action_taken"] is False
