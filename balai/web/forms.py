"""Forms of the web UI. They check shape only; the rules live in the services they call."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from balai.accounts.models import User, Visibility
from balai.accounts.services import MAX_PROFILE_FIELDS
from balai.core.errors import BalaiError
from balai.web.media import add_media_fields, media_rows


def add_service_error(form: forms.Form, error: BalaiError) -> None:
    """Show a service's refusal next to the field it concerns (or above the form)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


class SignupForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=30)
    email = forms.EmailField(label=_("Email address"), max_length=254)
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(render_value=False), max_length=200
    )
    reason = forms.CharField(
        label=_("Why do you want to join?"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        """Check the password's strength now, so every problem shows at once."""
        data = super().clean() or {}
        password = data.get("password")
        if password:
            candidate = User(username=data.get("username", ""), email=data.get("email", ""))
            try:
                validate_password(password, candidate)
            except ValidationError as error:
                self.add_error("password", error)
        return data


class EmailForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254)


class LoginForm(forms.Form):
    username = forms.CharField(label=_("Username or email address"), max_length=254)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, max_length=200)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app, or a recovery code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text"}),
    )


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, max_length=200)


class ComposeForm(forms.Form):
    text = forms.CharField(
        label=_("What's happening?"),
        strip=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("A post cannot be empty.")},
    )
    spoiler_text = forms.CharField(label=_("Content warning"), required=False, max_length=2000)
    visibility = forms.ChoiceField(label=_("Who can see it"), choices=Visibility.choices)
    in_reply_to = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20)
    quote_of = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs["data-max-chars"] = settings.BALAI_MAX_POST_CHARS
        add_media_fields(self)

    def media_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return media_rows(self)


class EditForm(forms.Form):
    text = forms.CharField(
        label=_("Text"),
        strip=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("A post cannot be empty.")},
    )
    spoiler_text = forms.CharField(label=_("Content warning"), required=False, max_length=2000)
    keep_media = forms.TypedMultipleChoiceField(
        label=_("Keep these attachments"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, attached: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["keep_media"].choices = [  # type: ignore[attr-defined]
            (m.pk, m.description or _("Attachment %(number)d") % {"number": i + 1})
            for i, m in enumerate(attached)
        ]
        add_media_fields(self)

    def media_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return media_rows(self)


class ProfileImagesForm(forms.Form):
    avatar = forms.FileField(label=_("Avatar"), required=False)
    header = forms.FileField(label=_("Header image"), required=False)


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Display name"), required=False, max_length=60)
    bio = forms.CharField(
        label=_("Bio"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 4})
    )
    locked = forms.BooleanField(
        label=_("Approve followers by hand (locked account)"), required=False
    )
    default_visibility = forms.ChoiceField(
        label=_("Default post visibility"), choices=Visibility.choices
    )
    language = forms.ChoiceField(label=_("Interface language"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [  # type: ignore[attr-defined]
            ("", _("Same as my browser")),
            *settings.LANGUAGES,
        ]
        for index in range(MAX_PROFILE_FIELDS):
            self.fields[f"field_name_{index}"] = forms.CharField(
                label=_("Label"),
                required=False,
                max_length=255,
                widget=forms.TextInput(attrs={"placeholder": _("Label")}),
            )
            self.fields[f"field_value_{index}"] = forms.CharField(
                label=_("Content"),
                required=False,
                max_length=255,
                widget=forms.TextInput(attrs={"placeholder": _("Content")}),
            )

    def profile_fields(self) -> list[dict[str, str]]:
        return [
            {
                "name": self.cleaned_data.get(f"field_name_{i}", ""),
                "value": self.cleaned_data.get(f"field_value_{i}", ""),
            }
            for i in range(MAX_PROFILE_FIELDS)
        ]

    def field_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [
            (self[f"field_name_{i}"], self[f"field_value_{i}"]) for i in range(MAX_PROFILE_FIELDS)
        ]
