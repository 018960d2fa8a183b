"""One month published twice at once, its files built by two workers at once, the schedule run twice at once: one
publication, one set of files, and the second caller refused clearly or doing nothing — never a duplicate or an
error. Each race is forced: the first caller holds its transaction open until PostgreSQL reports the second waiting on
a lock (``tests.locks``), each on its own thread and database connection, and each thread's outcome is checked."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from opendata import files, services
from opendata.models import Publication, PublicationFile, PublishedProject
from tests import DEMO_DAY
from tests.factories import ProjectFactory
from tests.locks import wait_until_a_transaction_waits_for_a_lock
from tests.opendata.stored import expected_names

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.services, pytest.mark.usefixtures("on_demo_day")]

OCTOBER = datetime.date(2026, 10, 1)  # a month ended before DEMO_DAY


def first_then_second(call) -> dict:
    """``call()`` on two threads: the first inside a transaction it holds until the second waits on a lock, then
    commits; what each returned, or the error it raised."""
    first_called = threading.Event()
    outcomes = {}

    def run(name: str) -> None:
        try:
            if name == "first":
                with transaction.atomic():
                    outcomes[name] = call()
                    first_called.set()
                    wait_until_a_transaction_waits_for_a_lock()
            else:
                assert first_called.wait(30), "the first caller never finished"
                outcomes[name] = call()
        except Exception as error:  # checked by the test, in its own thread
            outcomes[name] = error
        finally:
            first_called.set()
            connection.close()

    threads = [threading.Thread(target=run, args=(name,)) for name in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


@pytest.fixture
def open_projects():
    return [ProjectFactory(), ProjectFactory()]


def test_one_month_published_twice_at_once_is_one_publication_and_a_clear_refusal(open_projects):
    outcomes = first_then_second(lambda: services.publish(OCTOBER, None, ratings=True))
    assert isinstance(outcomes["first"], Publication), outcomes
    refused = outcomes["second"]
    assert isinstance(refused, ValidationError) and refused.code == "note_required", outcomes
    assert list(Publication.objects.values_list("period", "version")) == [(OCTOBER, 1)]
    assert PublishedProject.objects.count() == len(open_projects)


def test_files_built_by_two_workers_at_once_are_built_once(open_projects):
    publication = services.publish(OCTOBER, None, ratings=True)
    outcomes = first_then_second(lambda: files.build(publication.pk))
    assert outcomes == {"first": True, "second": False}
    names = list(PublicationFile.objects.values_list("name", flat=True))
    assert len(names) == len(set(names)) and set(names) == expected_names(publication)


def test_the_schedule_run_twice_at_once_publishes_once_and_the_second_does_nothing(open_projects, settings):
    settings.OPEN_DATA_PUBLISH_DAYS_AFTER_REVIEW = 5  # October's review ended on the 31st; DEMO_DAY is past the 5th
    outcomes = first_then_second(lambda: services.publish_due(DEMO_DAY))
    assert isinstance(outcomes["first"], Publication) and outcomes["second"] is None, outcomes
    assert list(Publication.objects.values_list("period", "version", "published_by")) == [(OCTOBER, 1, None)]
