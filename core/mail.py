"""Telling people by e-mail: one message per person, in that person's own language."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.core.mail import send_mass_mail
from django.utils import translation

logger = logging.getLogger(__name__)


def tell(people: Iterable, compose: Callable[[], tuple[str, str]], what: str) -> None:
    """Mail each person the (subject, body) that ``compose`` writes in their language.

    Meant to run after the change it reports is committed: a mail server that is down is logged (naming ``what``),
    and never turns the saved change into an error page."""
    messages = []
    for person in sorted(people, key=lambda p: p.pk):
        with translation.override(person.preferred_language):
            subject, body = compose()
        messages.append((subject, body, None, [person.email]))
    try:
        send_mass_mail(messages, fail_silently=False)
    except OSError:
        logger.exception("%s was not sent", what)
