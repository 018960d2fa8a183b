from django.urls import reverse
from rest_framework import serializers

from access.fields import shown
from alliance_portal.api.serializers import StrictSerializer
from documents.models import Document
from results.choices import Reach, ResultKind
from results.models import TEXT_MAX_LENGTH, Lesson, Result

REVIEW = ["state", "author", "submitted_at", "reviewer", "review_comment", "reviewed_at", "version", "updated_at"]


class _Reviewed(serializers.ModelSerializer):
    project = serializers.SlugRelatedField(slug_field="code", read_only=True)
    author = serializers.SlugRelatedField(slug_field="username", read_only=True)
    reviewer = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    def to_representation(self, work):
        return shown(super().to_representation(work), work.audience, type(work))


class EvidenceSerializer(serializers.ModelSerializer):
    """A document that shows a result, with where to download it (``/api/v1/documents/``)."""

    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = ["id", "name", "download_url"]

    def get_download_url(self, document) -> str:
        return reverse("document-download", args=[document.pk])


class ResultSerializer(_Reviewed):
    """Accepted results shared with the reader (``access.policy``); the review as the field map says; the evidence
    documents the reader may see (``results.selectors.visible_evidence``)."""

    owner = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    details = serializers.DictField(read_only=True, help_text="The kind's own fields (see the portal's kinds).")
    evidence = EvidenceSerializer(source="visible_evidence", many=True, read_only=True)

    class Meta:
        model = Result
        fields = [
            "id", "project", "kind", "title", "summary", "owner", "achieved_on", "reach", "details", "evidence",
            *REVIEW,
        ]  # fmt: skip


class LessonSerializer(_Reviewed):
    barrier = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Lesson
        fields = [
            "id", "project", "title", "context", "tried", "worked", "did_not_work", "advice", "technology",
            "barrier", "reach", *REVIEW,
        ]  # fmt: skip


def _text(**options):
    return serializers.CharField(max_length=TEXT_MAX_LENGTH, **options)


class ResultInput(StrictSerializer):
    """A new result (``project`` required) or the fields to change of a draft or returned one."""

    project = serializers.CharField(max_length=8, help_text="The project's code (new results only).")
    kind = serializers.ChoiceField(choices=ResultKind.choices)
    title = serializers.CharField(max_length=200)
    summary = _text(required=False, allow_blank=True)
    owner = serializers.SlugField(max_length=100, help_text="The owner organization's slug.")
    achieved_on = serializers.DateField()
    reach = serializers.ChoiceField(choices=Reach.choices, required=False)
    details = serializers.DictField(help_text="The kind's own fields.")


class LessonInput(StrictSerializer):
    project = serializers.CharField(max_length=8, help_text="The project's code (new lessons only).")
    title = serializers.CharField(max_length=200)
    context = _text()
    tried = _text()
    worked = _text(required=False, allow_blank=True)
    did_not_work = _text(required=False, allow_blank=True)
    advice = _text()
    technology = serializers.CharField(max_length=100, required=False, allow_blank=True)
    barrier = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    reach = serializers.ChoiceField(choices=Reach.choices, required=False)
