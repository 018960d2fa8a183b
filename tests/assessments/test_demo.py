"""The demo tells the AI-ethics story: a checklist in force, checks in every state, and a pilot without one among
the ratings to check."""

from assessments.models import Assessment, Checklist
from projects.models import Project
from tests import DEMO_DAY


def test_the_demo_has_a_checklist_checks_in_every_state_and_a_pilot_to_check(users):
    checklist = Checklist.objects.current()
    assert checklist.questions.count() == 30 and checklist.published_at.date() < DEMO_DAY
    assert set(Assessment.objects.values_list("state", flat=True)) == {"submitted", "returned", "accepted"}
    to_check = Project.objects.ratings_to_check(DEMO_DAY).filter(phase__in=["pilot", "rollout"])
    unchecked = [p.code for p in to_check if p.ethics_unchecked]
    assert unchecked and all(
        not Assessment.objects.filter(project__code=c, state="accepted").exists() for c in unchecked
    )
    checked = Project.objects.with_health(DEMO_DAY).filter(phase__in=["pilot", "rollout"], ethics_unchecked=0)
    assert checked.exists()  # and a pilot whose check is current is not flagged for it
