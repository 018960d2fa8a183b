"""Results and lessons as each user may read them: the policy's rows, with the user's audience for the field map."""

from django.db.models import Prefetch, QuerySet

from access import policy
from access.policy import restrict
from documents.models import Document
from results.models import Lesson, Result


def visible_evidence(user) -> Prefetch:
    """A result's evidence as ``user`` may see it (``visible_evidence``): a document hidden from them (confidential,
    or in the bin) is left out, as it is everywhere else."""
    documents = restrict(Document.objects.order_by("name", "pk"), user)
    return Prefetch("evidence", queryset=documents, to_attr="visible_evidence")


def results_for(user) -> QuerySet:
    rows = Result.objects.select_related("project", "author", "reviewer", "owner").prefetch_related(
        visible_evidence(user)
    )
    return policy.annotate_audience(restrict(rows, user), user, "project")


def lessons_for(user) -> QuerySet:
    rows = Lesson.objects.select_related("project", "author", "reviewer", "barrier")
    return policy.annotate_audience(restrict(rows, user), user, "project")
