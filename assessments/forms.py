from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.choices import Response
from assessments.models import NOTE_MAX_LENGTH
from assessments.services import Given
from core.pages import ReviewForm, VersionedForm


class AnswersForm(VersionedForm):
    """One answer (a choice and a note) per question of the assessment's checklist; unanswered ones may wait
    until the assessment is submitted."""

    def __init__(self, *args, questions, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            given = answers.get(question.pk)
            self.fields[f"q{question.pk}"] = forms.ChoiceField(
                label=question.text,
                choices=Response.choices,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                initial=given.response if given else None,
            )
            self.fields[f"n{question.pk}"] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=NOTE_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2, "maxlength": NOTE_MAX_LENGTH}),
                initial=given.note if given else "",
            )

    def rows(self):
        """(question, its choice field, its note field) in the checklist's order, for the template."""
        return [(q, self[f"q{q.pk}"], self[f"n{q.pk}"]) for q in self.questions]

    def given(self) -> dict[int, Given]:
        """The answers chosen (a question without a choice is left as it was)."""
        data = self.cleaned_data
        return {q.pk: Given(data[f"q{q.pk}"], data[f"n{q.pk}"].strip()) for q in self.questions if data[f"q{q.pk}"]}


class AssessmentReviewForm(ReviewForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].help_text = _("Required when you return the assessment.")
