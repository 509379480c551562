from django.urls import path

from balai.moderation.views import console, hashbank, insight, user

app_name = "moderation"

urlpatterns = [
    path("moderation/report/<int:post_id>", user.report_post, name="report_post"),
    path("moderation/report/account/<str:username>", user.report_account, name="report_account"),
    path("moderation/notices", user.notices, name="notices"),
    path("moderation/appeal/<int:decision_id>", user.appeal, name="appeal"),
    path("moderation/", console.queue_view, name="queue"),
    path("moderation/reports/<int:report_id>", console.report_view, name="report"),
    path("moderation/reports/<int:report_id>/claim", console.claim, name="claim"),
    path("moderation/reports/<int:report_id>/act", console.act, name="act"),
    path("moderation/appeals/<int:appeal_id>/decide", console.appeal_decide_view, name="decide"),
    path("moderation/bulk", console.bulk, name="bulk"),
    path("moderation/audit", insight.audit, name="audit"),
    path("moderation/audit.<str:fmt>", insight.audit_export, name="audit_export"),
    path("moderation/policy", insight.policy, name="policy"),
    path("moderation/hashes", hashbank.hash_bank, name="hash_bank"),
    path("moderation/dashboard", insight.dashboard, name="dashboard"),
    path("metrics", insight.metrics, name="metrics"),
]
