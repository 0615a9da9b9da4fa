"""An entry's content as plain text, for comparing, fingerprinting and snapshots.

The state of an entry is a flat {key: text} dict: its own fields by name,
`value:<indicator id>` for achieved values and `funding:<source>` for funds used,
numbers as normalised decimal strings and empty values left out. The same function
reads a stored entry, a submitted form and an imported row, so "did anything
change?" is a plain comparison of two dicts.
"""

import functools
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from plans.models import FundingSource, ReportEntry
from rin_portal import choices
from rin_portal.formatting import format_amount, format_number
from rin_portal.prefetch import rows_of

TEXT_FIELDS = ("achievements", "obstacles", "explanation")
ENTRY_FIELDS = ("status", *TEXT_FIELDS, "users_reached")


@dataclass
class EntryInput:
    """What someone wants an entry to say: from the grid or from a spreadsheet row."""

    entry_id: int
    version: int | None
    status: str = ""
    achievements: str = ""
    obstacles: str = ""
    explanation: str = ""
    users_reached: int | None = None
    # Funds used by source; None or a missing source: nothing used from it.
    funding: dict[str, Decimal | None] = field(default_factory=dict)
    # Achieved value by indicator id; a missing indicator keeps its stored value.
    values: dict[int, Decimal | None] = field(default_factory=dict)


def _number(value) -> str:
    if value is None or value == "":
        return ""
    text = f"{Decimal(value).normalize():f}"
    return "0" if text in {"-0", ""} else text


def normalise_text(text: str | None) -> str:
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _state(fields: dict, funding: dict, values: dict) -> dict[str, str]:
    state = {name: normalise_text(str(fields.get(name) or "")) for name in ENTRY_FIELDS[:-1]}
    state["users_reached"] = _number(fields.get("users_reached"))
    for source, amount in funding.items():
        if amount is not None:
            state[f"funding:{source}"] = _number(amount)
    for indicator_id, value in values.items():
        if value is not None:
            state[f"value:{indicator_id}"] = _number(value)
    return state


def entry_state(entry: ReportEntry) -> dict[str, str]:
    """A stored entry; expects `values` and `funding` prefetched."""
    return _state(
        {name: getattr(entry, name) for name in ENTRY_FIELDS},
        {line.source: line.amount_used for line in rows_of(entry, "funding")},
        {value.indicator_id: value.achieved_value for value in rows_of(entry, "values")},
    )


def input_state(data: EntryInput, stored: ReportEntry) -> dict[str, str]:
    """What `data` would make of `stored`: indicators it does not name keep their values."""
    values = {value.indicator_id: value.achieved_value for value in rows_of(stored, "values")}
    values.update(data.values)
    return _state(
        {name: getattr(data, name) for name in ENTRY_FIELDS},
        data.funding,
        values,
    )


def fingerprint(state: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()[:32]


def field_choices(entry: ReportEntry) -> list[tuple[str, str]]:
    """The parts of an entry a reviewer may point at when returning it."""
    own, funding = _fixed_labels(get_language())
    return [
        *own.items(),
        *((f"value:{indicator.pk}", _value_label(indicator)) for indicator in _indicators(entry)),
        ("funding", funding["funding"]),
    ]


def returned_part(entry: ReportEntry) -> str:
    """The part of a returned entry the reviewer pointed at ("" for the whole entry)."""
    return dict(field_choices(entry)).get(entry.returned_field, "") if entry.is_returned else ""


def field_labels(entry: ReportEntry) -> dict[str, str]:
    own, funding = _fixed_labels(get_language())
    values = {f"value:{indicator.pk}": _value_label(indicator) for indicator in _indicators(entry)}
    return own | values | funding


def _indicators(entry: ReportEntry):
    return rows_of(entry.programme, "indicators")


def _value_label(indicator) -> str:
    return _value_template(get_language()) % {"indicator": indicator.name}


@functools.cache
def _value_template(language: str | None) -> str:
    """The label of an indicator's achieved value in `language` (the active one), looked
    up once: the review labels every indicator of every entry."""
    return _("Achieved value: %(indicator)s")


@functools.cache
def _fixed_labels(language: str | None) -> tuple[dict[str, str], dict[str, str]]:
    """The labels every entry shares, in `language` (the active one): its own fields,
    and funds used in all and by source. Kept: the review builds them for each entry."""
    own = {
        name: str(ReportEntry._meta.get_field(name).verbose_name).capitalize()
        for name in ENTRY_FIELDS
    }
    funding = {"funding": _("Funds used")}
    for source, label in FundingSource.choices:
        funding[f"funding:{source}"] = _("Funds used: %(source)s") % {"source": label}
    return own, funding


def display(key: str, value: str) -> str:
    if not value:
        return ""
    if key == "status":
        return choices.label("entry_status", value)
    if key.startswith("funding:"):
        return f"{format_amount(value)} EUR"
    if key.startswith("value:") or key == "users_reached":
        return format_number(value)
    return value


def compare(entry: ReportEntry, before: dict[str, str], after: dict[str, str]) -> list[dict]:
    """Rows {key, label, before, after, differs} in the grid's order, for every key either has."""
    labels = field_labels(entry)
    order = list(labels)
    keys = sorted(set(before) | set(after), key=lambda k: order.index(k) if k in order else 999)
    return [
        {
            "key": key,
            "label": labels.get(key, key),
            "before": display(key, before.get(key, "")),
            "after": display(key, after.get(key, "")),
            "differs": before.get(key, "") != after.get(key, ""),
        }
        for key in keys
    ]


def changes_since_return(entry: ReportEntry) -> list[dict]:
    """What changed in a returned entry since the reviewer returned it."""
    if not entry.is_returned:
        return []
    before = entry.returned_snapshot or {}
    return [row for row in compare(entry, before, entry_state(entry)) if row["differs"]]
