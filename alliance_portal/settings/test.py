"""Test settings (pytest): the shared settings with a fast password hasher — PBKDF2's million iterations take
0.22 s a user on this machine, paid by every factory-made user (Django's advice for tests) — and mail kept in
memory. Servers started as subprocesses by the tests use ``local`` and keep the real hashers."""

from alliance_portal.settings.base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
