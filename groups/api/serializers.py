from rest_framework import serializers

from access.fields import shown
from alliance_portal.api.serializers import StrictSerializer
from groups.models import ActionItem, ActionStatus, AgendaItem, Meeting, Minutes, WorkingGroup


class WorkingGroupSerializer(serializers.ModelSerializer):
    chair = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    members = serializers.SlugRelatedField(slug_field="slug", read_only=True, many=True)
    liaison = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = WorkingGroup
        fields = ["slug", "name_ko", "name_en", "purpose", "chair", "members", "liaison", "is_open", "updated_at"]


class AgendaItemSerializer(serializers.ModelSerializer):
    project = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = AgendaItem
        fields = ["id", "order", "title", "barrier", "project"]


class MeetingSerializer(serializers.ModelSerializer):
    group = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    agenda = AgendaItemSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "group", "title", "starts_at", "ends_at", "place", "video_link", "agenda", "version",
                  "updated_at"]  # fmt: skip


class MinutesSerializer(serializers.ModelSerializer):
    """Minutes as their group's people and the ministry see them; the review comment as the field map says."""

    meeting = serializers.PrimaryKeyRelatedField(read_only=True)
    author = serializers.SlugRelatedField(slug_field="username", read_only=True)
    reviewer = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = Minutes
        fields = ["id", "meeting", "state", "summary", "item_notes", "decisions", "author", "submitted_at", "reviewer",
                  "review_comment", "reviewed_at", "version", "updated_at"]  # fmt: skip

    def to_representation(self, minutes):
        return shown(super().to_representation(minutes), minutes.audience, Minutes)


class ActionItemSerializer(serializers.ModelSerializer):
    group = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    owner = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    owner_organization = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    project = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = ActionItem
        fields = ["id", "group", "meeting", "title", "owner", "owner_organization", "due_date", "status", "barrier",
                  "project", "version", "updated_at"]  # fmt: skip


class ActionStatusSerializer(StrictSerializer):
    status = serializers.ChoiceField(choices=ActionStatus.choices)
