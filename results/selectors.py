"""Results and lessons as each user may read them: the policy's rows, with the user's audience for the field map."""

from django.db.models import QuerySet

from access import policy
from access.policy import restrict
from results.models import Lesson, Result


def results_for(user) -> QuerySet:
    rows = Result.objects.select_related("project", "author", "reviewer", "owner")
    return policy.annotate_audience(restrict(rows, user), user, "project")


def lessons_for(user) -> QuerySet:
    rows = Lesson.objects.select_related("project", "author", "reviewer", "barrier")
    return policy.annotate_audience(restrict(rows, user), user, "project")
