"""What every user sees of moderation: reporting, their notices, and appealing a decision."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balai.accounts.access import can_view_account
from balai.accounts.models import User
from balai.core.errors import BalaiError
from balai.moderation import selectors, services
from balai.moderation.models import Decision, ReportCategory
from balai.moderation.notices import notice_text
from balai.posts.access import get_visible_post


class ReportForm(forms.Form):
    category = forms.ChoiceField(
        label=gettext_lazy("What is wrong?"), choices=ReportCategory.choices
    )
    comment = forms.CharField(
        label=gettext_lazy("Anything moderators should know"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AppealForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Why should this decision be reversed?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


def _report(request: HttpRequest, account: User, post_ids: list[int], title: str) -> HttpResponse:
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_create(
                reporter=request.user,  # type: ignore[arg-type]
                account=account,
                post_ids=list(post_ids),
                category=form.cleaned_data["category"],
                comment=form.cleaned_data["comment"],
            )
        except BalaiError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Thank you. Moderators will review your report."))
            return redirect("moderation:notices")
    return render(request, "moderation/report_form.html", {"form": form, "title": title})


@login_required
def report_post(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_visible_post(request.user, post_id)  # type: ignore[arg-type]
    if post is None:
        raise Http404
    return _report(request, post.author, [post.pk], _("Report a post"))


@login_required
def report_account(request: HttpRequest, username: str) -> HttpResponse:
    account = get_object_or_404(User, username__iexact=username)
    if not can_view_account(request.user, account):  # type: ignore[arg-type]
        raise Http404
    return _report(request, account, [], _("Report @%(name)s") % {"name": account.username})


@login_required
def notices(request: HttpRequest) -> HttpResponse:
    rows = [
        (notice, notice_text(notice))
        for notice in selectors.notices_for(request.user)[:100]  # type: ignore[arg-type]
    ]
    return render(request, "moderation/notices.html", {"rows": rows, "title": _("Moderation")})


@login_required
def appeal(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = get_object_or_404(Decision, pk=decision_id, account=request.user)
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.appeal_create(
                user=request.user,  # type: ignore[arg-type]
                decision_id=decision.pk,
                text=form.cleaned_data["text"],
            )
        except BalaiError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your appeal was sent to a different moderator."))
            return redirect("moderation:notices")
    return render(
        request,
        "moderation/appeal_form.html",
        {"form": form, "decision": decision, "title": _("Appeal")},
    )
