"""The history of a plan: who changed what, when, before → after, and why.

Values are stored as display text (names of providers, labels of choices, numbers in
Slovenian format) so the history stays readable after the objects it names are
changed or deleted. Field names are stored as they are and labelled when shown.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import formats, translation

from plans.models import ChangeRecord, Plan, Programme, YearlyReport
from rin_portal.formatting import format_amount, format_number


def _display(obj: models.Model, name: str) -> str:
    field = obj._meta.get_field(name)
    if field.many_to_many:
        return "; ".join(sorted(str(item) for item in getattr(obj, name).all()))
    if field.is_relation:
        related = getattr(obj, name)
        return str(related) if related is not None else ""
    value = getattr(obj, name)
    if value is None:
        return ""
    if field.choices:
        return str(getattr(obj, f"get_{name}_display")())
    if isinstance(value, bool):
        return "da" if value else "ne"
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")  # 15. 1. 2027
    if isinstance(value, Decimal):
        # Amounts as everywhere else: 24.000,50, not 24.000,5.
        return format_amount(value) if "amount" in name else format_number(value)
    if isinstance(value, int) and not isinstance(field, models.SmallIntegerField):
        return format_number(value)  # counts grouped (1.234); years and days are small
    return str(value)


def describe(obj: models.Model, fields: list[str]) -> dict[str, str]:
    """The display values of `fields`, in the portal's main language."""
    with translation.override(settings.LANGUAGE_CODE):
        return {name: _display(obj, name) for name in fields}


def diff(before: dict[str, str], after: dict[str, str]) -> dict[str, dict[str, str]]:
    return {
        name: {"before": before.get(name, ""), "after": after.get(name, "")}
        for name in sorted(set(before) | set(after))
        if before.get(name, "") != after.get(name, "")
    }


def user_label(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def record_change(
    *,
    plan: Plan,
    user,
    obj: models.Model,
    action: str,
    changes: dict | None = None,
    reason: str = "",
    reason_text: str = "",
    programme: Programme | None = None,
    report: YearlyReport | None = None,
    label: str | None = None,
) -> ChangeRecord:
    if label is None:
        # In the portal's language, as describe() writes the changes: a label in the
        # editor's (15,000 EUR in English) would read otherwise to others (15 EUR).
        with translation.override(settings.LANGUAGE_CODE):
            label = str(obj)
    return ChangeRecord.objects.create(
        plan=plan,
        programme=programme,
        report=report,
        entity=obj._meta.label_lower,
        object_id=obj.pk,
        object_label=label[:300],
        action=action,
        changes=changes or {},
        reason=reason,
        reason_text=reason_text,
        user=user if user and user.is_authenticated else None,
        user_name=user_label(user),
    )
