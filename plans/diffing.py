"""Readable differences: word by word for text, path by path for whole plan snapshots."""

import difflib
import re

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.models import Indicator, plan_status_label
from rin_portal import choices
from rin_portal.formatting import format_amount, format_date, format_number

# Words, spaces, and the punctuation that ends a word as tokens of its own: else
# "1.500,5" and "1.500,5;" differ, and a yearly target followed by another year's reads
# as deleted and added again. Punctuation inside a word stays (1.500,5 · 20. 11. 2026).
_PUNCTUATION = ".,;:!?"
_TOKEN = re.compile(rf"\s+|[{_PUNCTUATION}]+(?=\s|$)|\S+?(?=[{_PUNCTUATION}]*(?:\s|$))")


def word_diff(before: str, after: str) -> list[dict]:
    """Segments {"op": "same" | "del" | "ins", "text": ...} that turn `before` into `after`."""
    old, new = _TOKEN.findall(before or ""), _TOKEN.findall(after or "")
    segments = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append({"op": "same", "text": "".join(old[i1:i2])})
            continue
        if i2 > i1:
            segments.append({"op": "del", "text": "".join(old[i1:i2])})
        if j2 > j1:
            segments.append({"op": "ins", "text": "".join(new[j1:j2])})
    return segments


# A strategy follows an earlier strategy and is adopted by the municipal council, not
# confirmed: its history names its own fields so.
_STRATEGY_PLAN_FIELDS = {
    "predecessor": gettext_lazy("predecessor strategy"),
    "confirmed_on": gettext_lazy("adopted on"),
    "confirmed_by": gettext_lazy("adopted by"),
}


def field_label(entity: str, name: str, plan_kind: str = "rin") -> str:
    """A field's name as people read it, in the active language: "target value" for
    ("plans.indicator", "target_value")."""
    if plan_kind == "strategy" and entity == "plans.plan" and name in _STRATEGY_PLAN_FIELDS:
        return str(_STRATEGY_PLAN_FIELDS[name])
    special = {
        "year_targets": _("yearly targets"),
        "position": _("position"),
        "status": _("status"),
        "predecessor": _("predecessor plan"),
        "confirmed_by": _("confirmed by"),
    }
    if name in special:
        return str(special[name])
    try:
        return str(apps.get_model(entity)._meta.get_field(name).verbose_name)
    except (LookupError, FieldDoesNotExist):
        return name


def _model_name(entity: str, plural: bool = False) -> str:
    meta = apps.get_model(entity)._meta
    return str(meta.verbose_name_plural if plural else meta.verbose_name)


def flatten_document(document: dict) -> dict[str, tuple[str, str]]:
    """A plan document as {stable key: (readable label, value as shown)} for comparison:
    labels and values in the active language, numbers and dates as the portal writes
    them."""
    flat: dict[str, tuple[str, str]] = {}

    def put(key: str, label: str, value) -> None:
        if isinstance(value, list):
            value = "; ".join(str(v) for v in value)
        flat[key] = (label, "" if value is None else str(value))

    shown = {
        "status": lambda value: plan_status_label(document.get("kind", ""), value),
        "confirmed_on": format_date,
    }
    for name in (
        "title",
        "summary",
        "first_year",
        "last_year",
        "status",
        "confirmed_on",
        "confirmed_by",
    ):
        value = document.get(name)
        label = field_label("plans.plan", name, document.get("kind", ""))
        put(name, label, shown.get(name, str)(value) if value else value)
    for chapter in document.get("chapters", []):
        key, name = f"chapter:{chapter['id']}", chapter["title"]
        put(f"{key}:title", f"{name} › {field_label('plans.chapter', 'title')}", chapter["title"])
        put(f"{key}:body", f"{name} › {field_label('plans.chapter', 'body')}", chapter["body"])
    group = _model_name("plans.groupmember", plural=True)
    for member in document.get("group_members", []):
        represents = choices.label("represents", member["represents"])
        put(
            f"member:{member['id']}",
            f"{group} › {member['person_name']}",
            f"{member['organisation']} ({represents})",
        )
    for area in document.get("areas", []):
        key, name = f"area:{area['id']}", area["title"]
        put(f"{key}:title", f"{name} › {field_label('plans.area', 'title')}", area["title"])
        put(
            f"{key}:needs",
            f"{name} › {field_label('plans.area', 'unmet_needs')}",
            area["unmet_needs"],
        )
        for goal in area["goals"]:
            put(f"goal:{goal['id']}", f"{name} › {_model_name('plans.goal')}", goal["title"])
        for programme in area["programmes"]:
            _flatten_programme(put, programme)
    return flat


def _flatten_programme(put, programme: dict) -> None:
    key, name = f"programme:{programme['id']}", programme["title"]

    def label(field: str, entity: str = "plans.programme") -> str:
        return f"{name} › {field_label(entity, field)}"

    for field in ("title", "description", "target_groups", "first_year", "last_year"):
        put(f"{key}:{field}", label(field), programme[field])
    put(f"{key}:lead", label("lead"), (programme["lead"] or {}).get("name"))
    put(
        f"{key}:implementers", label("implementers"), [p["name"] for p in programme["implementers"]]
    )
    put(f"{key}:municipalities", label("municipalities"), programme["municipalities"])
    put(
        f"{key}:activities",
        f"{name} › {_model_name('plans.activity', plural=True)}",
        [a["description"] for a in programme["activities"]],
    )
    for line in programme["funding"]:
        source = choices.label("funding_source", line["source"])
        put(
            f"{key}:funding:{line['source']}:{line['year']}",
            f"{name} › {source} {line['year']}",
            f"{format_amount(line['amount'])} EUR" if line["amount"] is not None else None,
        )
    for indicator in programme["indicators"]:
        ikey, iname = f"indicator:{indicator['id']}", indicator["name"]

        def ilabel(field: str, iname: str = iname) -> str:
            return f"{name} › {iname} › {field_label('plans.indicator', field)}"

        put(f"{ikey}:name", ilabel("name"), indicator["name"])
        unit = Indicator.unit_shown(indicator["unit"], indicator.get("unit_label", ""))
        put(f"{ikey}:unit", ilabel("unit"), unit)
        for field in ("baseline_value", "target_value"):
            value = indicator[field]
            put(f"{ikey}:{field}", ilabel(field), None if value is None else format_number(value))
        for field in ("baseline_year", "target_year"):
            put(f"{ikey}:{field}", ilabel(field), indicator[field])
        put(
            f"{ikey}:year_targets",
            ilabel("year_targets"),
            [f"{t['year']}: {format_number(t['value'])}" for t in indicator["year_targets"]],
        )


def compare_documents(older: dict, newer: dict) -> list[dict]:
    """Rows {label, before, after, segments} for every value that differs."""
    a, b = flatten_document(older), flatten_document(newer)
    rows = []
    for key in list(a) + [k for k in b if k not in a]:
        label_a, before = a.get(key, ("", ""))
        label_b, after = b.get(key, ("", ""))
        if before != after:
            rows.append(
                {
                    "label": label_b or label_a,
                    "before": before,
                    "after": after,
                    "segments": word_diff(before, after),
                }
            )
    return rows
