"""The open API's shapes, built from the publication's tables (``opendata.tables``): each row's fields are the field
map's public columns, so the API, the CSV files and the schema document always carry the same fields."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from opendata.models import Publication, PublishedProject
from opendata.tables import Column, minutes_columns, model_columns

FIELD_TYPES = {
    "date": lambda: serializers.DateField(allow_null=True),
    "integer": lambda: serializers.IntegerField(allow_null=True),
    "number": lambda: serializers.CharField(allow_null=True, help_text="A decimal number, exact, as text."),
    "string": lambda: serializers.CharField(allow_blank=True, allow_null=True),
}


def row_serializer(name: str, columns: list[Column], **nested) -> type[serializers.Serializer]:
    attrs = {c.name: FIELD_TYPES[c.type]() for c in columns} | nested
    return type(name, (serializers.Serializer,), attrs)


IndicatorValue = row_serializer("OpenIndicatorValue", model_columns("projects.indicatorvalue"))
Indicator = row_serializer(
    "OpenIndicator",
    [Column("id", "integer"), *model_columns("projects.indicator")],
    values=IndicatorValue(many=True),
)
Milestone = row_serializer("OpenMilestone", [Column("id", "integer"), *model_columns("projects.milestone")])
Participant = row_serializer("OpenParticipant", model_columns("projects.projectparticipant"))
Status = row_serializer("OpenStatus", model_columns("projects.statusupdate"))
ProjectFields = row_serializer("OpenProjectFields", model_columns("projects.project"))
Result = row_serializer("OpenResult", [Column("id", "integer"), *model_columns("results.result")])
PublishedMinutes = row_serializer("OpenMinutes", minutes_columns())
Barrier = row_serializer(
    "OpenBarrier",
    [Column("id", "integer"), *model_columns("projects.policybarrier")],
    projects=serializers.ListField(child=serializers.CharField()),
)


class OpenProjectSerializer(serializers.ModelSerializer):
    """A published project: its public fields, latest reviewed status (the rating only where the ministry
    published ratings), participants, milestones and indicators with their values."""

    project = ProjectFields(source="record.project")
    status = Status(source="record.status", allow_null=True)
    participants = Participant(source="record.participants", many=True)
    milestones = Milestone(source="record.milestones", many=True)
    indicators = Indicator(source="record.indicators", many=True)
    results = Result(source="record.results", many=True, required=False)  # publications before results had none

    class Meta:
        model = PublishedProject
        fields = ("code", "area", "project", "status", "participants", "milestones", "indicators", "results")


class FileSerializer(serializers.Serializer):
    name = serializers.CharField()
    media_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, stored) -> str:
        publication = self.context["publication"]
        path = reverse(
            "open_file", kwargs={"period": publication.key, "version": publication.version, "name": stored.name}
        )
        return self.context["request"].build_absolute_uri(path)


class SummarySerializer(serializers.Serializer):
    projects = serializers.IntegerField()
    withheld = serializers.IntegerField(help_text="Projects that are not open data: counted, never named.")
    by_area = serializers.DictField(child=serializers.IntegerField())
    by_phase = serializers.DictField(child=serializers.IntegerField())
    by_rating = serializers.DictField(child=serializers.IntegerField(), required=False)
    average_progress = serializers.IntegerField(allow_null=True)
    milestones_done = serializers.IntegerField()
    milestones = serializers.IntegerField()
    indicators = serializers.IntegerField()
    barriers = Barrier(many=True)
    minutes = PublishedMinutes(many=True, required=False, help_text="Approved minutes of the working groups that "
                               "publish them (none in publications made before).")  # fmt: skip


class PublicationSerializer(serializers.ModelSerializer):
    period = serializers.CharField(source="key", help_text="The published month, like 2026-10.")
    summary = SummarySerializer()
    files = serializers.SerializerMethodField()

    class Meta:
        model = Publication
        fields = ("period", "version", "published_at", "note", "ratings", "summary", "files")

    @extend_schema_field(FileSerializer(many=True))
    def get_files(self, publication) -> list[dict]:
        """The downloads (empty while they are being built); the view prefetches them without their content."""
        if not publication.files_ready_at:
            return []
        return FileSerializer(
            publication.files.all(), many=True, context={**self.context, "publication": publication}
        ).data
