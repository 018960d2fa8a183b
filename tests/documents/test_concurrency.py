"""Two uploads to one project at once: the quota holds (the second waits for the first and counts what it added)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from documents.models import DocumentVersion
from members.models import Role
from tests.factories import PDF_BYTES, ParticipantFactory, ProjectFactory, UserFactory, attached_document


def another_session_waits_for_a_lock() -> bool:
    """Whether a session of this database is blocked on a lock now (PostgreSQL's own account)."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # inside a transaction the view is a snapshot
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_uploads_at_once_past_the_quota_keep_one_and_refuse_the_other(settings):
    """The race is forced: the first upload holds its transaction open, after its quota check and its version's
    insert, until the second has either finished (no lock: both would fit their own check) or is reported by
    PostgreSQL as waiting on a lock; only then does the first commit. Room for one file, not two."""
    settings.DOCUMENT_PROJECT_QUOTA_BYTES = len(PDF_BYTES) * 3 // 2
    project = ProjectFactory()
    editor = UserFactory(role=Role.MEMBER_EDITOR)
    ParticipantFactory(project=project, organization=editor.organization)
    first_uploaded, second_done = threading.Event(), threading.Event()
    outcomes = {}

    def upload(name):
        try:
            if name == "second":
                assert first_uploaded.wait(10), "the first upload never got past its check"
            with transaction.atomic():
                attached_document(project, editor, name=f"{name}.pdf")
                if name == "first":
                    first_uploaded.set()
                    while not second_done.wait(0.01) and not another_session_waits_for_a_lock():
                        pass
            outcomes[name] = "saved"
        except ValidationError as error:
            outcomes[name] = error.code
        except Exception as error:  # reported below, in the test's thread
            outcomes[name] = repr(error)
        finally:
            if name == "second":
                second_done.set()
            connection.close()

    threads = [threading.Thread(target=upload, args=(name,)) for name in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert outcomes == {"first": "saved", "second": "quota"}
    assert list(DocumentVersion.objects.filter(document__project=project).values_list("name", flat=True)) == [
        "first.pdf"
    ]
