from rest_framework import serializers

from members.models import Organization


class OrganizationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = [
            "id", "slug", "name_ko", "name_en", "kind", "size", "sector", "tier", "joined_on", "website", "is_active",
            "updated_at",
        ]  # fmt: skip


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    role = serializers.CharField()
    organization = serializers.CharField(allow_null=True)
    scopes = serializers.ListField(child=serializers.CharField())
    token_expires_at = serializers.DateTimeField(allow_null=True)
