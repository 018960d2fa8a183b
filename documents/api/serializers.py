from django.urls import reverse
from rest_framework import serializers

from documents.choices import AttachedTo, Folder
from documents.models import Document, DocumentVersion


class VersionSerializer(serializers.ModelSerializer):
    uploaded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = DocumentVersion
        fields = ["number", "name", "size", "sha256", "content_type", "uploaded_by", "uploaded_at", "download_url"]

    def get_download_url(self, version) -> str:
        return reverse("document-download", args=[version.document_id]) + f"?version={version.number}"


class DocumentSerializer(serializers.ModelSerializer):
    """A document the caller may see, with its versions, newest first. Documents have no field the caller may not
    see: a confidential document is hidden whole, by ``access.policy`` (the field map's confidential audiences)."""

    project = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)  # none: a barrier's
    uploaded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    versions = VersionSerializer(many=True, read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id", "attached_to", "project", "status_update", "milestone", "barrier", "meeting", "folder", "name",
            "confidential",
            "uploaded_by", "created_at", "updated_at", "version", "versions", "download_url",
        ]  # fmt: skip

    def get_download_url(self, document) -> str:
        return reverse("document-download", args=[document.pk])


class AttachSerializer(serializers.Serializer):
    """A new document (multipart): what it is attached to — ``project`` (its library, with a ``folder``),
    ``status_update``, ``milestone``, ``barrier`` or ``meeting`` — and the file."""

    attached_to = serializers.ChoiceField(choices=AttachedTo.choices)
    project = serializers.CharField(required=False, max_length=8, help_text="The project's code (its library).")
    status_update = serializers.IntegerField(required=False, min_value=1, max_value=2**62)
    milestone = serializers.IntegerField(required=False, min_value=1, max_value=2**62)
    barrier = serializers.IntegerField(required=False, min_value=1, max_value=2**62)
    meeting = serializers.IntegerField(required=False, min_value=1, max_value=2**62)
    folder = serializers.ChoiceField(choices=Folder.choices, required=False)
    confidential = serializers.BooleanField(default=True)
    file = serializers.FileField(allow_empty_file=False)

    def validate(self, data):
        if data.get(data["attached_to"]) in (None, ""):
            raise serializers.ValidationError({data["attached_to"]: "Name what the document is attached to."})
        if data["attached_to"] == AttachedTo.PROJECT and not data.get("folder"):
            raise serializers.ValidationError({"folder": "Choose a folder for a library document."})
        return data


class NewVersionSerializer(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=False)
