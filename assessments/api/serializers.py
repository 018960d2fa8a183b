from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from access.fields import shown
from alliance_portal.api.serializers import StrictSerializer
from assessments.choices import Response
from assessments.models import NOTE_MAX_LENGTH, Answer, Assessment, Checklist, Question


class QuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Question
        fields = ["id", "stage", "consideration", "order", "text_ko", "text_en"]


class ChecklistSerializer(serializers.ModelSerializer):
    questions = QuestionSerializer(many=True, read_only=True)

    class Meta:
        model = Checklist
        fields = ["number", "title_ko", "title_en", "changes", "published_at", "questions"]


class AnswerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Answer
        fields = ["question", "response", "note"]

    def to_representation(self, answer):
        return shown(super().to_representation(answer), answer.audience, Answer)


class AssessmentSerializer(serializers.ModelSerializer):
    """Only participants and ministry staff see assessments at all (``access.policy``); the review comment and the
    reviewer, and each answer's note, as the field map says (``access.fields``)."""

    project = serializers.SlugRelatedField(slug_field="code", read_only=True)
    checklist = serializers.SlugRelatedField(slug_field="number", read_only=True)
    author = serializers.SlugRelatedField(slug_field="username", read_only=True)
    reviewer = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    answers = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = [
            "id", "project", "checklist", "state", "author", "submitted_at", "reviewer", "review_comment",
            "reviewed_at", "answers", "version", "updated_at",
        ]  # fmt: skip

    @extend_schema_field(AnswerSerializer(many=True))
    def get_answers(self, assessment) -> list[dict]:
        answers = assessment.answers.all()
        for answer in answers:
            answer.audience = assessment.audience
        return AnswerSerializer(answers, many=True).data

    def to_representation(self, assessment):
        return shown(super().to_representation(assessment), assessment.audience, Assessment)


class StartSerializer(StrictSerializer):
    project = serializers.CharField(max_length=8, help_text="The project's code.")


class GivenSerializer(StrictSerializer):
    question = serializers.IntegerField(min_value=1)
    response = serializers.ChoiceField(choices=Response.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=NOTE_MAX_LENGTH, default="")


class AnswersSerializer(StrictSerializer):
    answers = GivenSerializer(many=True, allow_empty=False, max_length=500)
