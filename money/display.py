"""Amounts as their readers read budgets: Korean in 억원 (hundred millions) or 백만원 (millions), English in KRW
millions. Only for display — exports and the API keep exact won."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import get_language

EOK, MILLION = 100_000_000, 1_000_000


def _rounded(amount: int, unit: int, places: str) -> str:
    value = (Decimal(amount) / unit).quantize(Decimal(places), ROUND_HALF_UP)
    return f"{value:,}"


def won(amount: int | None, language: str | None = None) -> str:
    """``1,234,500,000`` → ``12.3억원`` (ko), ``KRW 1,234.5m`` (en); under 1억, ``450백만원``."""
    if amount is None:
        return "—"
    if (language or get_language() or "ko")[:2] == "ko":
        if abs(amount) >= EOK:
            return f"{_rounded(amount, EOK, '0.1')}억원"
        return f"{_rounded(amount, MILLION, '1')}백만원"
    return f"KRW {_rounded(amount, MILLION, '0.1')}m"
