"""Reading a request's query parameters, one way everywhere: a whole number is ASCII digits within bounds, text has
no NUL (PostgreSQL refuses one in a string). ``"²".isdigit()`` is true and ``int("²")`` fails, so ``isdigit`` and
``int`` are never used on a parameter directly."""

from __future__ import annotations

MAX_DIGITS = 18


def whole_number(text: str | None, *, minimum: int = 1, maximum: int = 2**31 - 1) -> int | None:
    """``text`` as a whole number from ``minimum`` to ``maximum``; None for anything else (empty, a sign, a space,
    a superscript or other non-ASCII digit, too many digits, out of bounds)."""
    if not text or len(text) > MAX_DIGITS or not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if minimum <= number <= maximum else None


def plain_text(text: str | None, *, limit: int = 100) -> str:
    """``text`` stripped, without NUL characters, at most ``limit`` characters."""
    return (text or "").replace("\x00", "").strip()[:limit]
