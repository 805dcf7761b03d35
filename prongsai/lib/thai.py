"""Thai digits, Buddhist Era years and Thai dates.

Official Thai documents write numbers in Thai digits (๐–๙) or Arabic digits;
one number must never mix both ("พ.ศ. ๒๕๖7" in the seed report is the error we
avoid), so conversion works on whole strings.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

Digits = Literal["thai", "arabic"]

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
ARABIC_DIGITS = "0123456789"
_TO_THAI = str.maketrans(ARABIC_DIGITS, THAI_DIGITS)
_TO_ARABIC = str.maketrans(THAI_DIGITS, ARABIC_DIGITS)

BE_OFFSET = 543

MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
MONTHS_SHORT = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)


def to_thai_digits(text: str) -> str:
    return text.translate(_TO_THAI)


def to_arabic_digits(text: str) -> str:
    return text.translate(_TO_ARABIC)


def with_digits(text: str, digits: Digits) -> str:
    """Write every digit of `text` in one system."""
    return to_thai_digits(text) if digits == "thai" else to_arabic_digits(text)


def be_year(year_ce: int) -> int:
    return year_ce + BE_OFFSET


def ce_year(year_be: int) -> int:
    return year_be - BE_OFFSET


def fiscal_year_be(day: dt.date) -> int:
    """Thai fiscal year (BE) of a date: it starts on 1 October."""
    return be_year(day.year + 1 if day.month >= 10 else day.year)


def fiscal_year_bounds(year_be: int) -> tuple[dt.date, dt.date]:
    start_ce = ce_year(year_be) - 1
    return dt.date(start_ce, 10, 1), dt.date(start_ce + 1, 9, 30)


def thai_date(day: dt.date | None, *, digits: Digits = "arabic", short: bool = False) -> str:
    """ "3 มีนาคม 2566" (or "๓ มี.ค. ๒๕๖๖"); empty for None."""
    if day is None:
        return ""
    months = MONTHS_SHORT if short else MONTHS
    text = f"{day.day} {months[day.month - 1]} {be_year(day.year)}"
    return with_digits(text, digits)


def round_score(value: Decimal | float | int) -> Decimal:
    """Round to two decimals, half up, as the NACC prints scores (79.265 → 79.27)."""
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def format_score(value: Decimal | float | int | None, *, digits: Digits = "arabic") -> str:
    if value is None:
        return ""
    return with_digits(f"{round_score(value):.2f}", digits)


def parse_number(raw: str) -> Decimal:
    """Read a number typed by a person: Thai or Arabic digits, spaces, a comma
    as thousands separator. Raises ValueError with the original text."""
    text = to_arabic_digits(raw).strip().replace(",", "").replace(" ", "")
    if not text:
        raise ValueError(raw)
    try:
        value = Decimal(text)
    except ArithmeticError:
        raise ValueError(raw) from None
    if not value.is_finite():
        raise ValueError(raw)
    return value
