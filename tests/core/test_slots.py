"""One per slot (``core.slots.insert_once``): two requests filling the same slot at the same moment, each on its own
thread and database connection, end with one row and one clear refusal — never a server error."""

import threading

import pytest
from django.db import connection

from assessments import services as assessment_services
from core.slots import SlotTaken
from members.models import Role
from money import services as money_services
from money.models import Execution
from projects import services as project_services
from projects.models import StatusUpdate
from tests.core.kinds import TODAY
from tests.factories import ProjectFactory, UserFactory, published_checklist

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(write, writers: int = 2) -> list:
    """Run ``write()`` on ``writers`` threads released together; what each returned or raised."""
    start = threading.Barrier(writers)
    results = [None] * writers

    def run(i: int) -> None:
        start.wait(timeout=30)
        try:
            results[i] = write()
        except Exception as error:
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _outcomes(results) -> list[str]:
    return sorted("refused" if isinstance(r, SlotTaken) else type(r).__name__ for r in results)


@pytest.fixture
def editor():
    return UserFactory(role=Role.MEMBER_EDITOR)


def test_two_updates_for_one_period_at_once_leave_one_and_a_refusal(editor):
    project = ProjectFactory(lead_organization=editor.organization)
    fields = {"rag": "green", "progress_percent": 10}
    results = at_once(lambda: project_services.save_status_draft(project, editor, fields, today=TODAY))
    assert _outcomes(results) == ["StatusUpdate", "refused"]
    assert StatusUpdate.objects.filter(project=project).count() == 1


def test_two_check_starts_at_once_leave_one_open_check_and_a_refusal(editor):
    project = ProjectFactory(lead_organization=editor.organization)
    published_checklist(questions=1)
    results = at_once(lambda: assessment_services.start_assessment(project, editor))
    assert _outcomes(results) == ["Assessment", "refused"]
    assert project.ethics_assessments.count() == 1


def test_two_reports_of_one_quarter_at_once_leave_one_and_a_refusal(editor):
    project = ProjectFactory(lead_organization=editor.organization)

    def report():
        execution = Execution(project=project, organization_id=editor.organization_id, fiscal_year=2031, quarter=2,
                              author=editor, government_received_krw=10)  # fmt: skip
        return money_services.save_execution(execution, {"personnel": 5}, by=editor)

    results = at_once(report)
    assert _outcomes(results) == ["Execution", "refused"]
    assert Execution.objects.filter(project=project, fiscal_year=2031, quarter=2).count() == 1
