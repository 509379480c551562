"""Console pages: queue order and filters, context, policy editor, dashboard, metrics."""

from __future__ import annotations

import io
import json

from django.core.management import call_command
from django.test import Client

from balai.moderation.models import Decision, PolicyVersion, Report, Verdict
from balai.moderation.services import report_create
from balai.posts.models import PostState


def login(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_queue_orders_by_severity_filters_and_shows_evidence(make_user, post):
    """Violence outranks spam; filters narrow the queue; the context highlights the evidence."""
    author, reader = make_user(username="author"), make_user(username="reader")
    mod = login(make_user(username="mod", role="moderator"))
    spammy = post(author, "buy cheap sunglasses")
    spam = report_create(reporter=reader, account=author, post_ids=[spammy.pk], category="spam")
    held = post(author, "Aku akan bunuh kamu besok")
    threat = Report.objects.get(posts=held)
    page = mod.get("/moderation/").content.decode()
    assert page.index(f"/moderation/reports/{threat.pk}") < page.index(
        f"/moderation/reports/{spam.pk}"
    )
    only_spam = mod.get("/moderation/?category=spam").content.decode()
    assert f"/moderation/reports/{threat.pk}" not in only_spam
    automated = mod.get("/moderation/?source=automated").content.decode()
    assert f"/moderation/reports/{spam.pk}" not in automated
    context = mod.get(f"/moderation/reports/{threat.pk}").content.decode()
    assert "<mark>bunuh kamu</mark>" in context or "<mark>Aku akan bunuh kamu</mark>" in context
    assert "id.threat" in context


def test_policy_editor_is_for_admins_and_new_versions_drive_the_screen(make_user, post):
    """An admin's edit creates a new policy version; later verdicts carry it and obey it."""
    author = make_user()
    assert login(make_user(role="moderator")).get("/moderation/policy").status_code == 403
    admin = login(make_user(username="boss", role="admin"))
    assert admin.get("/moderation/policy").status_code == 200
    form = {"violent_threat.hold": "0.5", "violent_threat.reject": "0.9", "note": "stricter"}
    assert admin.post("/moderation/policy", form).status_code == 302
    assert PolicyVersion.objects.order_by("-version").first().version == 2
    rejected = post(author, "I will stab you")
    assert rejected.state == PostState.REJECTED
    assert Verdict.objects.get(post=rejected).policy_version == 2
    decision = Decision.objects.get(post=rejected)
    assert decision.automated and decision.action == "reject"
    bad = {"hate.label": "0.9", "hate.hold": "0.2"}
    admin.post("/moderation/policy", bad)
    assert PolicyVersion.objects.count() == 2


def test_metrics_are_for_admins_or_the_token(make_user, post, settings):
    """/metrics speaks Prometheus text to admins and to a scraper with the token, nobody else."""
    post(make_user(), "I will kill you")
    assert Client().get("/metrics").status_code in (302, 403)
    assert login(make_user(role="moderator")).get("/metrics").status_code == 403
    settings.BALAI_METRICS_TOKEN = "s3cret"
    body = Client().get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret").content.decode()
    for name in [
        'balai_moderation_queue_size{category="violence"} 1',
        "balai_moderation_queue_oldest_seconds",
        'balai_moderation_time_to_decision_seconds{quantile="0.9"}',
        "balai_moderation_proactive_rate",
        "balai_moderation_views_before_action_total",
        "balai_moderation_appeal_overturn_rate",
        'balai_moderation_screen_latency_ms{quantile="0.5"}',
    ]:
        assert name in body
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert login(make_user(role="admin")).get("/metrics").status_code == 200


def test_dashboard_plots_and_transparency_csv(make_user, post):
    """The dashboard renders its SVG plots; the transparency report also prints CSV."""
    post(make_user(), "I will kill you")
    page = login(make_user(role="moderator")).get("/moderation/dashboard").content.decode()
    assert page.count("<svg") == 3
    out = io.StringIO()
    call_command(
        "transparency_report", "--since", "2000-01-01", "--until", "2100-01-01",
        "--format", "csv", stdout=out,
    )  # fmt: skip
    lines = out.getvalue().splitlines()
    assert lines[0] == "metric,value"
    assert "notices_received.by_source.automated,1" in lines
    out = io.StringIO()
    call_command(
        "transparency_report", "--since", "2000-01-01", "--until", "2100-01-01", stdout=out
    )
    assert json.loads(out.getvalue())["screening"]["by_action"] == {"hold": 1}


def test_every_console_and_user_page_renders(make_user, post):
    """Each moderation page answers 200 for those allowed and 403 for other users."""
    author, reader = make_user(username="author"), make_user(username="reader")
    held = post(author, "I will kill you")
    visible = post(author, "a normal post")
    report = Report.objects.get(posts=held)
    mod = login(make_user(username="mod", role="admin"))
    mod.post(f"/moderation/reports/{report.pk}/act", {"action": "remove"})
    decision = Decision.objects.get(post=held)
    for url in [
        "/moderation/", "/moderation/?assigned=none&language=en",
        f"/moderation/reports/{report.pk}",
        "/moderation/audit", "/moderation/audit?action=decision", "/moderation/policy",
        "/moderation/dashboard",
    ]:  # fmt: skip
        assert mod.get(url).status_code == 200, url
        assert login(reader).get(url).status_code == 403, url
    as_reader, as_author = login(reader), login(author)
    assert as_reader.get(f"/moderation/report/{visible.pk}").status_code == 200
    assert as_reader.get(f"/moderation/report/{held.pk}").status_code == 404
    assert as_reader.get("/moderation/report/account/author").status_code == 200
    assert as_author.get(f"/moderation/appeal/{decision.pk}").status_code == 200
    assert as_reader.get(f"/moderation/appeal/{decision.pk}").status_code == 404
    assert Client().get("/moderation/notices").status_code == 302
