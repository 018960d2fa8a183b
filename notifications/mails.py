"""Notifications by e-mail: at once (one mail per person and event) or in digests (one mail per person and period,
however many events), each in the reader's language with signed one-click unsubscribe links per kind (RFC 8058)."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import mail, periods
from core.links import absolute_url
from members.models import User
from notifications import kinds
from notifications.models import DIGESTS, Delivery, Digest, DigestTime, Notification

SALT = "notifications.unsubscribe"


def unsubscribe_token(user_id: int, kind_names: list[str]) -> str:
    return signing.dumps({"u": user_id, "k": sorted(set(kind_names))}, salt=SALT, compress=True)


def read_token(token: str) -> tuple[int, list[str]] | None:
    """(user id, kinds) of a genuine token; None for anything else."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("k"), list):
        return None
    named = [k for k in data["k"] if k in kinds.KINDS]
    return (data["u"], named) if named else None


def _unsubscribe_url(user_id: int, kind_names: list[str]) -> str:
    return absolute_url(reverse("notification_unsubscribe", kwargs={"token": unsubscribe_token(user_id, kind_names)}))


def _headers(user_id: int, kind_names: list[str]) -> dict:
    return {
        "List-Unsubscribe": f"<{_unsubscribe_url(user_id, kind_names)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _lines(rows: list[Notification]) -> str:
    return "\n".join(f"- {kinds.describe(n.kind, n.details)}\n  {absolute_url(n.path)}" for n in rows)


def _footer(user_id: int, rows: list[Notification]) -> str:
    names = sorted({n.kind for n in rows})
    links = [f"{kinds.KINDS_LABELS[k]}: {_unsubscribe_url(user_id, [k])}" for k in names]
    return "\n\n" + _("Stop these e-mails (one click):") + "\n" + "\n".join(links)


def send_at_once(rows: list[Notification]) -> None:
    """Mail each notification due at once to its recipient (after the rows are committed)."""
    if not rows:
        return
    by_person = defaultdict(list)
    for row in rows:
        by_person[row.recipient_id].append(row)
    people = [rows_[0].recipient for rows_ in by_person.values()]

    def write(person) -> tuple[str, str, dict]:
        mine = by_person[person.pk]
        subject = " ".join(kinds.describe(mine[0].kind, mine[0].details).split())[:150]  # one line: a header
        return subject, _lines(mine) + _footer(person.pk, mine), _headers(person.pk, [n.kind for n in mine])

    transaction.on_commit(lambda: mail.tell_each(people, write, "notifications mailed at once"))


def _due(frequency: str, now: datetime.datetime) -> tuple[str, list[int]]:
    """The period key of ``frequency``'s digest now, and who is due one: people with undigested notifications of that
    frequency whose chosen hour (and, weekly, day) has come in this period and who have none for it yet."""
    local = timezone.localtime(now)
    today = local.date()
    period = periods.day(today) if frequency == Delivery.DAILY else periods.week(today)
    waiting = set(
        Notification.objects.filter(delivery=frequency, mailed_at=None, occurred_at__lte=now)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    times = {t.user_id: t for t in DigestTime.objects.filter(user_id__in=waiting)}
    done = set(
        Digest.objects.filter(frequency=frequency, period=period.key, recipient_id__in=waiting).values_list(
            "recipient_id", flat=True
        )
    )
    due = []
    for user_id in sorted(waiting - done):
        chosen = times.get(user_id) or DigestTime()  # the model's defaults
        come = (local.hour >= chosen.hour) if frequency == Delivery.DAILY else (
            (today.weekday(), local.hour) >= (chosen.weekday, chosen.hour)
        )  # fmt: skip
        if come:
            due.append(user_id)
    return period.key, due


def send_digest(person: User, frequency: str, period: str, now: datetime.datetime) -> int:
    """Mail ``person`` their ``frequency`` digest for ``period`` unless one went already; returns the items sent."""
    with transaction.atomic():
        rows = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(recipient=person, delivery=frequency, mailed_at=None, occurred_at__lte=now)
            .order_by("occurred_at", "pk")
        )
        if not rows:
            return 0
        try:
            with transaction.atomic():
                Digest.objects.create(recipient=person, frequency=frequency, period=period, items=len(rows))
        except IntegrityError:  # another run sent this period's digest a moment ago
            return 0
        Notification.objects.filter(pk__in=[n.pk for n in rows]).update(mailed_at=now)

        def write(reader) -> tuple[str, str, dict]:
            title = _("Your daily digest") if frequency == Delivery.DAILY else _("Your weekly digest")
            subject = _("%(title)s: %(n)d notifications") % {"title": title, "n": len(rows)}
            return subject, _lines(rows) + _footer(reader.pk, rows), _headers(reader.pk, [n.kind for n in rows])

        transaction.on_commit(lambda: mail.tell_each([person], write, f"{frequency} digest for {person.pk}"))
    return len(rows)


def send_digests(now: datetime.datetime) -> int:
    """Every digest due now (the hourly job); returns how many mails went."""
    sent = 0
    for frequency in DIGESTS:
        period, due = _due(frequency, now)
        for person in User.objects.filter(pk__in=due, is_active=True).order_by("pk"):
            sent += bool(send_digest(person, frequency, period, now))
    return sent
