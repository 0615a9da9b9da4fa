"""Rules for indicator values, shared by plan editing and yearly progress."""

from decimal import Decimal

from django.utils.translation import gettext as _

from .models import Indicator


def value_error(unit: str, value: Decimal | None) -> str | None:
    """Why `value` does not fit an indicator measured in `unit`, or None when it does."""
    if value is None:
        return None
    if value < 0:
        return _("The value cannot be negative.")
    if unit == Indicator.Unit.PERCENT and value > 100:
        return _("A percentage lies between 0 and 100.")
    if unit in Indicator.WHOLE_UNITS and value != value.to_integral_value():
        return _("This indicator counts whole numbers.")
    return None
