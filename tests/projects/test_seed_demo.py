import datetime
import io
from collections import Counter

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from alliance_portal import periods
from members.models import Organization, Role, User
from projects.demo import seed_demo
from projects.models import Milestone, ParticipantRole, Project, StatusUpdate, UpdateState
from reports.models import Report
from reports.services import projects_active_in
from tests import DEMO_DAY

pytestmark = pytest.mark.django_db
AS_OF = DEMO_DAY


def row_counts() -> dict[str, int]:
    """Rows in every table of our apps, history tables included."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"members", "projects"}
    }


def fingerprint() -> list[tuple]:
    return list(
        Milestone.objects.order_by("project__code", "order").values_list(
            "project__code", "project__lead_organization__slug", "baseline_date", "forecast_date", "status", "weight"
        )
    ) + list(
        StatusUpdate.objects.order_by("project__code", "period", "state").values_list(
            "project__code", "period", "rag", "state"
        )
    )


def test_seed_creates_the_alliance_portfolio():
    seed_demo(as_of=AS_OF)
    assert Project.objects.count() == 40
    assert Counter(Project.objects.values_list("area", flat=True)) == {
        "mobility": 10, "machinery": 10, "production": 10, "waste": 10,
    }  # fmt: skip
    assert Organization.objects.filter(tier="founding").count() == 20
    assert set(Organization.objects.filter(is_demo=False).values_list("name_en", flat=True)) == {
        "Hyundai Motor Company", "LG Electronics", "Hyundai Steel", "LG Energy Solution", "Samsung SDS", "SK C&C",
    }  # fmt: skip
    assert Organization.objects.count() >= 80


def test_seeded_projects_have_one_lead_and_four_to_eight_milestones():
    seed_demo(as_of=AS_OF)
    for project in Project.objects.prefetch_related("participations", "milestones"):
        leads = [p.organization_id for p in project.participations.all() if p.role == ParticipantRole.LEAD]
        assert leads == [project.lead_organization_id], project.code
        assert 4 <= len(project.milestones.all()) <= 8, project.code


def test_seeded_history_has_a_realistic_mix():
    seed_demo(as_of=AS_OF)
    projects = Project.objects.with_health(AS_OF)
    assert {"green", "amber", "red"} <= {p.current_rag for p in projects}
    assert {"green", "amber", "red"} <= {p.health for p in projects}
    assert any(p.current_rag == "green" and p.health == "red" for p in projects)  # optimistic self-ratings
    assert Milestone.objects.overdue(AS_OF).exists()
    assert Milestone.objects.filter(status="done").exists()
    months = StatusUpdate.objects.filter(state=UpdateState.ACCEPTED).values_list("period", flat=True).distinct()
    assert len(months) >= 11  # a year of history, the current month still open


def test_seeded_demo_users_have_their_roles():
    seed_demo(as_of=AS_OF)
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


def test_seeding_twice_changes_nothing():
    seed_demo(as_of=AS_OF)
    before = row_counts()
    result = seed_demo(as_of=AS_OF)
    assert result.created == {}
    assert row_counts() == before


def test_seeding_is_deterministic():
    with transaction.atomic():
        seed_demo(as_of=AS_OF)
        first = fingerprint()
        transaction.set_rollback(True)
    assert not Project.objects.exists()
    seed_demo(as_of=AS_OF)
    assert fingerprint() == first


def test_seed_command_refuses_a_weak_password():
    with pytest.raises(CommandError, match="--password"):
        call_command("seed_demo", "--password", "short")
    assert not Project.objects.exists()


def test_the_demo_history_lies_in_the_past_and_reads_differently_month_to_month():
    seed_demo(as_of=AS_OF)
    start_of_as_of = timezone.make_aware(datetime.datetime.combine(AS_OF, datetime.time()))
    updates = StatusUpdate.objects.all()
    assert not updates.filter(submitted_at__gte=start_of_as_of).exists()
    assert not updates.filter(reviewed_at__gte=start_of_as_of).exists()
    assert not updates.filter(reviewed_at__lt=F("submitted_at")).exists()
    narratives = Counter(updates.values_list("achievements", "risks_and_issues", "next_steps"))
    assert len(narratives) > 60 and narratives.most_common(1)[0][1] < updates.count() / 10


def test_the_demo_tells_its_stories(today):
    seed_demo(as_of=AS_OF)
    this_month = datetime.date(2026, 11, 1)
    hides = Project.objects.get(code="PRD-04")
    assert set(hides.status_updates.values_list("rag", flat=True)) == {"green"}
    assert hides in Project.objects.ratings_to_check(today)  # the computed health says otherwise
    recovers = Project.objects.get(code="MAC-04").status_updates.filter(state="accepted").order_by("period")
    ratings = list(recovers.values_list("rag", flat=True))
    assert "red" in ratings[-6:] and ratings[-1] == "green"
    returned = StatusUpdate.objects.get(project__code="MOB-08", period=this_month)
    assert returned.state == UpdateState.RETURNED and returned.review_comment and returned.reviewer


def test_the_seed_command_makes_the_latest_reports_once(settings, tmp_path):
    settings.REPORTS_DIR = tmp_path / "reports"
    call_command("seed_demo", "--as-of", AS_OF.isoformat(), stdout=io.StringIO())
    weekly = Report.objects.get(kind="weekly")
    assert (weekly.period, weekly.state) == ("2026-W47", "ready")
    monthly = Report.objects.filter(kind="monthly", period="2026-10")
    assert monthly.count() == projects_active_in(periods.parse(periods.MONTH, "2026-10")).count() > 30
    out = io.StringIO()
    call_command("seed_demo", "--as-of", AS_OF.isoformat(), stdout=out)
    assert "Latest reports already present." in out.getvalue() and Report.objects.count() == monthly.count() + 1
