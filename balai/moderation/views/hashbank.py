"""The console's known-bad image bank: import PDQ hash lists, see the bank's size by source."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balai.core.errors import BalaiError
from balai.core.ratelimit import MEDIA, check_request
from balai.media.bank import ImportResult
from balai.moderation import selectors, services
from balai.moderation.services.hashbank import MAX_IMPORT_BYTES, TooLarge
from balai.moderation.views import moderator_required


class HashImportForm(forms.Form):
    source = forms.CharField(
        label=gettext_lazy("Source of the list"),
        max_length=100,
        help_text=gettext_lazy("The programme or organisation that shared it."),
    )
    file = forms.FileField(
        label=gettext_lazy("CSV file of PDQ hashes"),
        help_text=gettext_lazy(
            "A header row, then one hash (64 hexadecimal digits) per row; other columns are "
            "ignored, except a column named category. At most 5 MB."
        ),
    )


def _import(request: HttpRequest, form: HashImportForm) -> tuple[ImportResult | None, int]:
    """Run the import; a refusal becomes a form error and the status that says why."""
    upload = form.cleaned_data["file"]
    try:
        if upload.size > MAX_IMPORT_BYTES:
            raise TooLarge(_("This file is larger than 5 MB."), field="file")
        result = services.hash_list_import(
            moderator=request.user,  # type: ignore[arg-type]
            stream=upload,
            source=form.cleaned_data["source"],
            filename=upload.name or "",
        )
    except BalaiError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return None, error.status
    return result, 200


@moderator_required
def hash_bank(request: HttpRequest) -> HttpResponse:
    form = HashImportForm()
    result, status = None, 200
    if request.method == "POST":
        check_request(request, MEDIA)
        form = HashImportForm(request.POST, request.FILES)
        if form.is_valid():
            result, status = _import(request, form)
            if result is not None:
                form = HashImportForm()
        else:
            status = 400
    context = {
        "form": form,
        "result": result,
        "sizes": selectors.hash_bank_sizes(),
        "title": _("Known-bad image hashes"),
    }
    return render(request, "moderation/hash_bank.html", context, status=status)
