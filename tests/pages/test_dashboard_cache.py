"""The portfolio figures, and the panels drawn from them, are cached for everyone and start afresh after any write
they depend on."""

import re

from django.db import connection
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import reviewed
from members.models import Role
from projects.models import Milestone, MilestoneStatus
from tests import factories

FIGURES = ("overdue-milestones", "open-barriers", "ethics-checked")


def dashboard(client, **headers):
    """The dashboard's figures as the page shows them, its query count, and the templates it drew."""
    drawn = []

    def note(sender, template, **kwargs):
        drawn.append(template.name)

    template_rendered.connect(note)
    try:
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/", **headers)
    finally:
        template_rendered.disconnect(note)
    assert response.status_code == 200
    page = response.content.decode()
    figures = {name: re.search(rf'id="{name}">([^<]*)<', page).group(1) for name in FIGURES if f'id="{name}"' in page}
    return figures, len(queries), drawn


def test_the_second_visitor_gets_the_figures_and_the_panels_from_the_cache(client, users):
    """Two users of the same role see the same figures; the second one's page costs fewer queries and draws none of
    the portfolio's panels."""
    client.force_login(users["viewer"])
    first, first_queries, first_drawn = dashboard(client)
    client.force_login(factories.UserFactory(role=Role.MINISTRY_VIEWER))
    second, second_queries, second_drawn = dashboard(client)
    assert second == first and first.keys() == set(FIGURES)
    assert second_queries <= first_queries - 8  # the grouped portfolio queries are not run again
    panels = {"projects/_dashboard_head.html", "projects/_dashboard_body.html"}
    assert panels <= set(first_drawn) and not panels & set(second_drawn)


def test_each_language_has_panels_of_its_own(client, users):
    client.force_login(factories.UserFactory(role=Role.MINISTRY_VIEWER, preferred_language="en"))
    english = client.get("/").content.decode()
    client.force_login(factories.UserFactory(role=Role.MINISTRY_VIEWER, preferred_language="ko"))
    korean = client.get("/").content.decode()
    assert "Alliance portfolio" in english and "얼라이언스 과제 현황" in korean and "Alliance portfolio" not in korean


def test_a_new_barrier_shows_on_the_next_dashboard(client, users):
    client.force_login(users["ministry"])
    before, _, _ = dashboard(client)
    factories.PolicyBarrierFactory()
    after, _, _ = dashboard(client)
    assert int(after["open-barriers"]) == int(before["open-barriers"]) + 1


def test_a_milestone_marked_done_leaves_the_overdue_count(client, users):
    client.force_login(users["ministry"])
    before, _, _ = dashboard(client)
    milestone = Milestone.objects.overdue(timezone.localdate()).first()
    milestone.status, milestone.completed_date = MilestoneStatus.DONE, milestone.forecast_date
    milestone.save()
    after, _, _ = dashboard(client)
    assert int(after["overdue-milestones"]) == int(before["overdue-milestones"]) - 1


def test_an_accepted_ai_ethics_check_shows_on_the_next_dashboard(client, users):
    """The AI-ethics coverage is cached with the figures; accepting a check (a stored figure written by an update,
    which sends no signal) starts a new copy."""
    from projects.choices import REPORTING_PHASES
    from projects.models import Project

    client.force_login(users["ministry"])
    before, _, _ = dashboard(client)
    member = users["member"]
    project = (
        Project.objects.taking_part(member.organization_id).filter(phase__in=REPORTING_PHASES)
        .filter(figures__ethics_checked_on__isnull=True).order_by("code").first()
    )  # fmt: skip
    assessment = factories.submitted_assessment(project, member)
    reviewed.decide(assessment, users["ministry"], accept=True, comment="", expected_version=assessment.version)
    after, _, _ = dashboard(client)
    checked = lambda figures: int(figures["ethics-checked"].split("/")[0])  # noqa: E731  ("checked / under way")
    assert checked(after) == checked(before) + 1
