"""A fresh demo rings no bell for its seeded past: only what waits for someone this month is told, in the portal."""

import pytest
from django.db.models import Count

from alliance_portal.demo import seed_demo
from core.periods import reporting_period
from members.models import User
from notifications import demo as notifications_demo
from notifications.models import Delivery, Notification, PendingFanOut
from projects.models import StatusUpdate
from tests import DEMO_DAY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_open_data_folder")]


def test_the_demo_tells_only_what_waits_now_once_and_mails_nothing(mailoutbox):
    seed_demo(as_of=DEMO_DAY)
    assert not PendingFanOut.objects.exists()  # no fan-out queued for the demo's past
    waiting = StatusUpdate.objects.filter(period=reporting_period(DEMO_DAY), state="submitted")
    ministry = User.objects.get(username="ministry")
    assert 0 < Notification.objects.filter(recipient=ministry).count() == waiting.exclude(author=ministry).count() < 15
    per_person = Notification.objects.values("recipient").annotate(n=Count("pk")).values_list("n", flat=True)
    assert max(per_person) < 15
    assert set(Notification.objects.values_list("delivery", flat=True)) == {Delivery.PORTAL}
    assert mailoutbox == []
    told = Notification.objects.count()
    notifications_demo.seed(DEMO_DAY)  # seeding again tells nobody twice
    assert Notification.objects.count() == told
