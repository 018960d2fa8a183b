from rest_framework import serializers

from imports.models import ImportPreview


class UploadSerializer(serializers.Serializer):
    """A filled-in template (multipart): the project's code and the file (XLSX, or a sheet saved as CSV); without a
    project, an organization's workbook (each row names its project)."""

    project = serializers.CharField(
        max_length=8, required=False, allow_blank=True,
        help_text="The project's code; empty for an organization's workbook of all its projects.",
    )  # fmt: skip
    file = serializers.FileField(allow_empty_file=False)


class ChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    before = serializers.CharField()
    after = serializers.CharField()


class WriteSerializer(serializers.Serializer):
    sheet = serializers.CharField()
    row = serializers.IntegerField()
    what = serializers.CharField()
    changes = ChangeSerializer(many=True)


class RowErrorSerializer(serializers.Serializer):
    sheet = serializers.CharField()
    row = serializers.IntegerField()
    column = serializers.CharField(help_text="The column's letter and heading; empty for the whole row.")
    message = serializers.CharField()


class PreviewSerializer(serializers.ModelSerializer):
    """What applying the upload would write, row by row, and the rows refused (sheet, row, column, message)."""

    project = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True, help_text="Null for an organization's workbook."
    )
    created = WriteSerializer(many=True, read_only=True)
    changed = WriteSerializer(many=True, read_only=True)
    unchanged = serializers.IntegerField(read_only=True)
    errors = RowErrorSerializer(many=True, read_only=True)
    applicable = serializers.BooleanField(read_only=True)

    class Meta:
        model = ImportPreview
        fields = [
            "id", "project", "file_name", "created_at", "expires_at", "applied_at", "applicable",
            "created", "changed", "unchanged", "errors",
        ]  # fmt: skip
        read_only_fields = fields
