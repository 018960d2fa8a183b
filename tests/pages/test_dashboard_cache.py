"""The portfolio figures are cached for everyone and start afresh after any write they depend on."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members.models import Role
from projects.models import Milestone, MilestoneStatus
from tests import factories


def dashboard(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return response.context["tiles"], len(queries)


def test_the_second_visitor_gets_the_figures_from_the_cache(client, users):
    """Two users of the same role see the same page; the second one's costs fewer queries."""
    client.force_login(users["viewer"])
    first, first_queries = dashboard(client)
    client.force_login(factories.UserFactory(role=Role.MINISTRY_VIEWER))
    second, second_queries = dashboard(client)
    assert second == first
    assert second_queries <= first_queries - 8  # the grouped portfolio queries are not run again


def test_a_new_barrier_shows_on_the_next_dashboard(client, users):
    client.force_login(users["ministry"])
    before, _ = dashboard(client)
    factories.PolicyBarrierFactory()
    after, _ = dashboard(client)
    assert after["open_barriers"] == before["open_barriers"] + 1


def test_a_milestone_marked_done_leaves_the_overdue_count(client, users):
    client.force_login(users["ministry"])
    before, _ = dashboard(client)
    milestone = Milestone.objects.overdue(timezone.localdate()).first()
    milestone.status, milestone.completed_date = MilestoneStatus.DONE, milestone.forecast_date
    milestone.save()
    after, _ = dashboard(client)
    assert after["overdue"] == before["overdue"] - 1


def test_an_accepted_ai_ethics_check_shows_on_the_next_dashboard(client, users):
    """The AI-ethics coverage is cached with the figures; accepting a check (a stored figure written by an update,
    which sends no signal) starts a new copy."""
    from assessments import services as assessment_services
    from projects.choices import REPORTING_PHASES
    from projects.models import Project

    client.force_login(users["ministry"])
    before = client.get("/").context["ethics"]
    member = users["member"]
    project = (
        Project.objects.taking_part(member.organization_id).filter(phase__in=REPORTING_PHASES)
        .filter(figures__ethics_checked_on__isnull=True).order_by("code").first()
    )  # fmt: skip
    assessment = factories.submitted_assessment(project, member)
    assessment_services.review_assessment(
        assessment, users["ministry"], accept=True, comment="", expected_version=assessment.version
    )
    after = client.get("/").context["ethics"]
    assert after["checked"] == before["checked"] + 1
