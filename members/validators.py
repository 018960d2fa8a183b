"""Validators for Korean identifiers."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_BRN_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def brn_check_digit(first_nine: str) -> int:
    """Check digit of a Korean business registration number (사업자등록번호) from its first nine digits.

    Weighted sum with 1,3,7,1,3,7,1,3,5 plus the tens of (9th digit × 5); the check digit brings it to a
    multiple of ten.
    """
    digits = [int(c) for c in first_nine]
    total = sum(d * w for d, w in zip(digits, _BRN_WEIGHTS, strict=True)) + digits[8] * 5 // 10
    return (10 - total % 10) % 10


def validate_business_registration_number(value: str) -> None:
    if len(value) != 10 or not value.isascii() or not value.isdigit():
        raise ValidationError(
            _("A business registration number has exactly 10 digits (no hyphens)."),
            code="brn_format",
        )
    if brn_check_digit(value[:9]) != int(value[9]):
        raise ValidationError(
            _("%(value)s is not a valid business registration number: its check digit does not match."),
            code="brn_checksum",
            params={"value": value},
        )
