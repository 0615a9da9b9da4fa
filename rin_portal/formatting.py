"""Numbers, amounts, dates and choice labels as people read them, in the active language.

Formatting in Python is about twice as fast as Django's localize/floatformat in
templates, which matters on long tables.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.utils import formats, timezone
from django.utils.translation import get_language


def separators() -> tuple[str, str]:
    """(decimal, thousands) for the active language."""
    if (get_language() or "sl").startswith("sl"):
        return ",", "."
    return ".", ","


def _to_decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


# Python formats "1,234.5"; Slovenian reads "1.234,5".
_SLOVENIAN = str.maketrans(",.", ".,")
# Slovenian (and English) print sets a negative number with the minus sign, as wide as
# a plus, not with the short hyphen typed for it. Only in what is shown: inputs show a
# hyphen (plans.forms.base.show_number), the fields read either, and spreadsheet cells
# hold numbers.
MINUS = "\u2212"


def format_number(value, decimals: int | None = None) -> str:
    """1234.5 → "1.234,5" in Slovenian, -5 → "−5"; trailing zeros dropped unless
    `decimals` is given."""
    number = value if type(value) is Decimal else _to_decimal(value)
    if number is None:
        return "" if value is None else str(value)
    if not number.is_finite():
        return str(number)
    text = f"{number.normalize():,f}" if decimals is None else f"{number:,.{decimals}f}"
    if text.startswith("-"):
        # Nothing is less than zero once rounded to the digits shown: "0,00", not "−0,00".
        text = MINUS + text[1:] if text.strip("-0.,") else text[1:]
    return text.translate(_SLOVENIAN) if separators()[0] == "," else text


def format_amount(value, cents: bool = False) -> str:
    """Euro amounts: whole euros without decimals, otherwise two; always two with `cents`,
    which a table passes when any of its amounts has cents (`has_cents`), so that its
    columns read alike: 30.001,00 under 15.000,50, not 30.001."""
    number = _to_decimal(value)
    if number is None:
        return ""
    whole = not cents and number == number.to_integral_value()
    return format_number(number, 0 if whole else 2)


def has_cents(*groups) -> bool:
    """Whether any amount in these groups of amounts (None and "" skipped) has cents."""
    for amounts in groups:
        for value in amounts:
            number = _to_decimal(value)
            if number is not None and number != number.to_integral_value():
                return True
    return False


def format_date(value) -> str:
    """A date; for a moment (an aware datetime, or its ISO text as documents store it),
    its day in the portal's time zone: stored in UTC, 00:30 in Ljubljana is yesterday."""
    if not value:
        return ""
    if isinstance(value, str):
        value = (
            datetime.datetime.fromisoformat(value)
            if len(value) > 10
            else datetime.date.fromisoformat(value)
        )
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return formats.date_format(value, "DATE_FORMAT")
