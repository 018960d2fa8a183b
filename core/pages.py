"""What the pages share: the version a form carries (optimistic concurrency), the review form, and one way to
answer a refused save or decision — a stale save always says what the other person changed."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core import reviewed
from core.reviewed import FourEyes
from core.versions import StaleVersion

COMMENT_MAX_LENGTH = 5000


class VersionedForm(forms.Form):
    """Carries the version the user saw, so a save over someone else's change is refused (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ReviewForm(VersionedForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("return", _("Return for changes"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment to the company"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you return the update."),
    )


def stale(request: HttpRequest, error: StaleVersion) -> None:
    """Tell the user their save was refused, and what the other person changed."""
    messages.error(request, error.explained())


def refused(request: HttpRequest, error: Exception, form: forms.Form | None = None) -> None:
    """Show why a save or a decision was refused: a stale version or four eyes as a message, a validation error on
    ``form`` (beside its field where it names one) or as a message when there is no form."""
    if isinstance(error, StaleVersion):
        stale(request, error)
    elif isinstance(error, FourEyes):
        messages.error(request, str(error))
    elif form is not None:
        form.add_error(None, error)
    else:
        messages.error(request, " ".join(error.messages))


def decide(request: HttpRequest, work: reviewed.Reviewed, form: ReviewForm) -> bool:
    """Decide on ``work`` with a valid review form (``core.reviewed.decide``); True when decided, else the refusal
    is shown (:func:`refused`)."""
    data = form.cleaned_data
    try:
        reviewed.decide(work, request.user, accept=data["decision"] == "accept", comment=data["comment"],
                        expected_version=data["version"])  # fmt: skip
    except (StaleVersion, FourEyes, ValidationError) as error:
        refused(request, error, form)
        return False
    return True
