"""Telling people by e-mail: one message per person, in that person's own language."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.core.mail import EmailMessage, get_connection
from django.utils import translation

logger = logging.getLogger(__name__)


def tell(people: Iterable, compose: Callable[[], tuple[str, str]], what: str) -> None:
    """Mail each person the (subject, body) that ``compose`` writes in their language.

    Meant to run after the change it reports is committed: a mail server that is down is logged (naming ``what``),
    and never turns the saved change into an error page."""
    tell_each(people, lambda person: (*compose(), {}), what)


def tell_each(people: Iterable, write: Callable[[object], tuple[str, str, dict]], what: str) -> None:
    """Mail each person (with an address) the (subject, body, headers) that ``write(person)`` gives in their
    language; as ``tell``, a mail server that is down is logged."""
    messages = []
    for person in sorted(people, key=lambda p: p.pk):
        if not person.email:
            continue
        with translation.override(person.preferred_language):
            subject, body, headers = write(person)
        messages.append(EmailMessage(subject, body, None, [person.email], headers=headers))
    try:
        get_connection(fail_silently=False).send_messages(messages)
    except OSError:
        logger.exception("%s was not sent", what)
