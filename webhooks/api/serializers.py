from rest_framework import serializers

from alliance_portal.api.serializers import StrictModelSerializer, StrictSerializer
from core.events import EventType
from webhooks.models import URL_MAX_LENGTH, Attempt, Delivery, Endpoint


class EndpointSerializer(StrictModelSerializer):
    """An endpoint; ``secret`` appears only in the answer that created it (and in ``rotate-secret``'s)."""

    owner = serializers.SlugRelatedField(slug_field="username", read_only=True)
    url = serializers.CharField(max_length=URL_MAX_LENGTH)
    event_types = serializers.ListField(child=serializers.ChoiceField(choices=EventType.choices), allow_empty=False)

    class Meta:
        model = Endpoint
        fields = [
            "id", "url", "description", "format", "event_types", "is_active", "disabled_reason", "held_by", "owner",
            "failures", "failing_since", "retry_at", "created_at", "version", "updated_at",
        ]  # fmt: skip
        read_only_fields = [
            "id", "disabled_reason", "held_by", "owner", "failures", "failing_since", "retry_at", "created_at",
            "version", "updated_at",
        ]  # fmt: skip


class NewEndpointSerializer(EndpointSerializer):
    secret = serializers.CharField(read_only=True, help_text="whsec_…: shown once; store it to verify signatures.")

    class Meta(EndpointSerializer.Meta):
        fields = [*EndpointSerializer.Meta.fields, "secret"]


class SecretSerializer(serializers.Serializer):
    secret = serializers.CharField(help_text="The new whsec_… secret; the old one also signs for an hour.")


class ReplaySerializer(StrictSerializer):
    since = serializers.DateTimeField()


class QueuedSerializer(serializers.Serializer):
    queued = serializers.IntegerField(min_value=0)


class AttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attempt
        fields = ["started_at", "status", "duration_ms", "response", "error"]


class DeliverySerializer(serializers.ModelSerializer):
    webhook_id = serializers.CharField(source="event.message_id", read_only=True)
    event_type = serializers.CharField(source="event.type", read_only=True)
    attempt_log = AttemptSerializer(many=True, read_only=True)

    class Meta:
        model = Delivery
        fields = [
            "id", "endpoint", "sequence", "webhook_id", "event_type", "state", "attempts", "last_status",
            "created_at", "delivered_at", "payload", "attempt_log",
        ]  # fmt: skip
