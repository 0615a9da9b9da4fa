"""Rules shared by forms (as field errors) and services (as refusals): indicator values,
for plan editing and yearly progress, and the dates of a plan's lifecycle steps."""

import datetime
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from .kinds import by_kind
from .models import Indicator, Plan


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


def _date(day: datetime.date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


def confirmation_date_error(plan: Plan, day: datetime.date, today: datetime.date) -> str | None:
    """Why `plan` cannot have been confirmed or adopted on `day`, or None.

    The date goes on the public record, so a slip of the keyboard (0001-01-01, 2071)
    must not pass. A plan is confirmed once it has been prepared: not in the future,
    and not before the year before its period begins (a 2017–2020 plan is confirmed in
    2016 at the earliest). An amendment is confirmed after the confirmation it
    changes, which `plan.confirmed_on` still holds while the amendment is prepared.
    """
    if day > today:
        return _("The date cannot be in the future.")
    previous = plan.confirmed_on if plan.status == Plan.Status.AMENDMENT else None
    if previous and day < previous:
        return by_kind(
            plan,
            _(
                "The amendment cannot be confirmed before the plan's previous confirmation or adoption, %(date)s."
            ),
            _("The amendment cannot be adopted before the strategy's previous adoption, %(date)s."),
        ) % {"date": _date(previous)}
    earliest = datetime.date(plan.first_year - 1, 1, 1)
    if day < earliest:
        return by_kind(
            plan,
            _(
                "The date cannot be before %(date)s, the start of the year before the plan's period."
            ),
            _(
                "The date cannot be before %(date)s, "
                "the start of the year before the strategy's period."
            ),
        ) % {"date": _date(earliest)}
    return None


def closing_date_error(plan: Plan, day: datetime.date, today: datetime.date) -> str | None:
    """Why `plan` cannot have been closed on `day`, or None.

    A closing is recorded once it was decided, so not in the future, and a plan is
    closed after it came into force, so not before its (last) confirmation or
    adoption. It may close early, before its period ends (replaced by another plan),
    or be recorded late, so no bound is set by its years.
    """
    if day > today:
        return _("The date cannot be in the future.")
    if plan.confirmed_on and day < plan.confirmed_on:
        return by_kind(
            plan,
            _("The plan cannot be closed before it was confirmed or adopted, %(date)s."),
            _("The strategy cannot be closed before it was adopted, %(date)s."),
        ) % {"date": _date(plan.confirmed_on)}
    return None


def consultation_end_error(
    day: datetime.date, *, started_on: datetime.date | None, today: datetime.date
) -> str | None:
    """Why a public consultation that started on `started_on` (None: not known, as for
    one the admin set) cannot take comments until `day`, or None.

    Comments are taken until the end of the last day, which is not before the start:
    when the consultation starts, not in the past. It may be moved earlier later on, to
    end the period sooner, but not before the day it began."""
    if started_on is None or day >= started_on:
        return None
    if started_on >= today:
        return _("The last day for comments cannot be in the past.")
    return _("The last day for comments cannot be before the consultation started, %(date)s.") % {
        "date": _date(started_on)
    }
