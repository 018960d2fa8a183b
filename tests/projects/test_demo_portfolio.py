"""The demo portfolio as seeded once for the module (``tests/conftest.py::demo``, as of ``DEMO_DAY``): what it
holds and the stories it tells. How seeding itself behaves (deterministic, the command): test_seed_demo.py."""

import datetime
from collections import Counter

import pytest
from django.apps import apps
from django.db.models import F
from django.utils import timezone

from alliance_portal.demo import seed_demo
from core.periods import add_months
from core.reviewed import ReviewState
from members.models import Organization, Role, User
from projects import demo_data
from projects.models import Milestone, ParticipantRole, Project, StatusUpdate
from tests import DEMO_DAY

pytestmark = pytest.mark.django_db
AS_OF = DEMO_DAY


def row_counts() -> dict[str, int]:
    """Rows in every table of our apps, history tables included."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"members", "projects", "assessments"}
    }


def test_seed_creates_the_alliance_portfolio(demo):
    assert Project.objects.count() == 40
    assert Counter(Project.objects.values_list("area", flat=True)) == {
        "mobility": 10, "machinery": 10, "production": 10, "waste": 10,
    }  # fmt: skip
    assert Organization.objects.filter(tier="founding").count() == 20
    assert set(Organization.objects.filter(is_demo=False).values_list("name_en", flat=True)) == {
        "Hyundai Motor Company", "LG Electronics", "Hyundai Steel", "LG Energy Solution", "Samsung SDS", "SK C&C",
    }  # fmt: skip
    assert Organization.objects.count() >= 80


def test_seeded_projects_have_one_lead_and_four_to_eight_milestones(demo):
    for project in Project.objects.prefetch_related("participations", "milestones"):
        leads = [p.organization_id for p in project.participations.all() if p.role == ParticipantRole.LEAD]
        assert leads == [project.lead_organization_id], project.code
        assert 4 <= len(project.milestones.all()) <= 8, project.code


def test_seeded_history_has_a_realistic_mix(demo):
    projects = Project.objects.with_health(AS_OF)
    assert {"green", "amber", "red"} <= {p.current_rag for p in projects}
    assert {"green", "amber", "red"} <= {p.health for p in projects}
    assert any(p.current_rag == "green" and p.health == "red" for p in projects)  # optimistic self-ratings
    assert Milestone.objects.overdue(AS_OF).exists()
    assert Milestone.objects.filter(status="done").exists()
    months = StatusUpdate.objects.filter(state=ReviewState.ACCEPTED).values_list("period", flat=True).distinct()
    assert len(months) >= 11  # a year of history, the current month still open


def test_seeded_demo_users_have_their_roles(demo):
    users = {
        u.username: u for u in User.objects.filter(username__in=["ministry", "viewer", "member", "member2", "partner"])
    }
    assert {name: u.role for name, u in users.items()} == {
        "ministry": Role.MINISTRY_ADMIN, "viewer": Role.MINISTRY_VIEWER, "member": Role.MEMBER_EDITOR,
        "member2": Role.MEMBER_EDITOR, "partner": Role.PARTNER,
    }  # fmt: skip
    member_org, member2_org = users["member"].organization, users["member2"].organization
    assert member_org != member2_org
    assert member_org.led_projects.count() >= 3
    assert member2_org.led_projects.count() >= 2
    assert users["member"].check_password("alliance-demo-2026")


def test_seeding_twice_changes_nothing(demo):
    before = row_counts()
    result = seed_demo(as_of=AS_OF)
    assert result.created == {}
    assert row_counts() == before


def test_the_demo_history_lies_in_the_past_and_reads_differently_month_to_month(demo):
    start_of_as_of = timezone.make_aware(datetime.datetime.combine(AS_OF, datetime.time()))
    updates = StatusUpdate.objects.all()
    assert not updates.filter(submitted_at__gte=start_of_as_of).exists()
    assert not updates.filter(reviewed_at__gte=start_of_as_of).exists()
    assert not updates.filter(reviewed_at__lt=F("submitted_at")).exists()
    narratives = Counter(updates.values_list("achievements", "risks_and_issues", "next_steps"))
    assert len(narratives) > 60 and narratives.most_common(1)[0][1] < updates.count() / 10


def test_no_project_repeats_its_achievements_in_consecutive_months(demo):
    months = StatusUpdate.objects.order_by("project_id", "period").values_list("project_id", "period", "achievements")
    texts = {(project, period): text for project, period, text in months}  # a month returned, then accepted: one
    repeated = [
        (project, period)
        for (project, period), text in texts.items()
        if texts.get((project, add_months(period, -1))) == text
    ]
    assert repeated == []


def test_at_least_three_quarters_of_the_updates_texts_differ(demo):
    texts = list(StatusUpdate.objects.values_list("achievements", flat=True))
    assert len(set(texts)) >= 0.75 * len(texts)


def test_projects_of_different_areas_write_in_their_areas_words(demo):
    for area, sentences in demo_data.AREA_WORK.items():
        used = StatusUpdate.objects.filter(project__area=area).values_list("achievements", flat=True)
        others = StatusUpdate.objects.exclude(project__area=area).values_list("achievements", flat=True)
        assert any(s in text for text in used for s in sentences)
        assert not any(s in text for text in others for s in sentences)


def test_the_demo_tells_its_stories(demo, today):
    this_month = datetime.date(2026, 11, 1)
    hides = Project.objects.get(code="PRD-04")
    assert set(hides.status_updates.values_list("rag", flat=True)) == {"green"}
    assert hides in Project.objects.ratings_to_check(today)  # the computed health says otherwise
    recovers = Project.objects.get(code="MAC-04").status_updates.filter(state="accepted").order_by("period")
    ratings = list(recovers.values_list("rag", flat=True))
    assert "red" in ratings[-6:] and ratings[-1] == "green"
    returned = StatusUpdate.objects.get(project__code="MOB-08", period=this_month)
    assert returned.state == ReviewState.RETURNED and returned.review_comment and returned.reviewer
