"""Secrets the portal must read back (webhook signing secrets, identity providers' client secrets) are stored
sealed: Fernet (AES-128-CBC with an HMAC-SHA256, from ``cryptography``) under the keys of ``FIELD_ENCRYPTION_KEYS``
— the first seals, every one opens, so a key is rotated by putting a new one first. With none set (a developer's
machine, the tests), one key derived from ``SECRET_KEY``; it also opens what was sealed before keys were set."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


def _derived_key() -> bytes:
    digest = hashlib.sha256(b"alliance-portal field encryption\0" + settings.SECRET_KEY.encode()).digest()
    return base64.urlsafe_b64encode(digest)


def _fernet() -> MultiFernet:
    try:
        keys = [Fernet(key) for key in settings.FIELD_ENCRYPTION_KEYS]
    except ValueError as error:
        raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEY holds a key that is not a Fernet key: {error}") from None
    return MultiFernet([*keys, Fernet(_derived_key())])


def seal(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode()


def unseal(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "A sealed value opens with none of the keys in FIELD_ENCRYPTION_KEY (was a key removed too soon?)"
        ) from None


class SealedCharField(models.CharField):
    """A text column stored sealed and read back in clear; it cannot be searched by value."""

    def from_db_value(self, value, expression, connection):
        return unseal(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return seal(value) if value else value
