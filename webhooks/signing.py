"""Secrets and signatures as the Standard Webhooks specification has them (https://www.standardwebhooks.com/), so a
receiver verifies with the specification's own libraries: ``webhook-signature: v1,<base64 HMAC-SHA256 of
"<webhook-id>.<webhook-timestamp>.<body>">``, keyed with the base64-decoded part of the ``whsec_`` secret."""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import secrets

PREFIX = "whsec_"
SECRET_BYTES = 32


def new_secret() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def signature(secret: str, message_id: str, timestamp: int, body: str) -> str:
    key = base64.b64decode(secret.removeprefix(PREFIX))
    digest = hmac.new(key, f"{message_id}.{timestamp}.{body}".encode(), hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(secrets_in_use: list[str], message_id: str, body: str, now: datetime.datetime) -> dict[str, str]:
    """The headers of one attempt: one signature per secret in use (two while a rotated-out secret overlaps)."""
    timestamp = int(now.timestamp())
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(signature(s, message_id, timestamp, body) for s in secrets_in_use),
        "Content-Type": "application/json",
        "User-Agent": "IndustrialAIAlliancePortal-Webhooks/1",
    }
