"""Readable differences: word by word for text, path by path for whole plan snapshots."""

import difflib
import re

_TOKEN = re.compile(r"\s+|[^\s]+")


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


def flatten_document(document: dict) -> dict[str, tuple[str, str]]:
    """A plan document as {stable key: (readable label, value)} for comparison."""
    flat: dict[str, tuple[str, str]] = {}

    def put(key: str, label: str, value) -> None:
        if isinstance(value, list):
            value = "; ".join(str(v) for v in value)
        flat[key] = (label, "" if value is None else str(value))

    for name in (
        "title",
        "summary",
        "first_year",
        "last_year",
        "status",
        "confirmed_on",
        "confirmed_by",
    ):
        put(name, name, document.get(name))
    for chapter in document.get("chapters", []):
        key = f"chapter:{chapter['id']}"
        put(f"{key}:title", f"{chapter['title']} › title", chapter["title"])
        put(f"{key}:body", f"{chapter['title']} › text", chapter["body"])
    for member in document.get("group_members", []):
        put(
            f"member:{member['id']}",
            f"group › {member['person_name']}",
            f"{member['organisation']} ({member['represents']})",
        )
    for area in document.get("areas", []):
        key = f"area:{area['id']}"
        put(f"{key}:title", f"{area['title']} › title", area["title"])
        put(f"{key}:needs", f"{area['title']} › unmet needs", area["unmet_needs"])
        for goal in area["goals"]:
            put(f"goal:{goal['id']}", f"{area['title']} › goal", goal["title"])
        for programme in area["programmes"]:
            _flatten_programme(put, programme)
    return flat


def _flatten_programme(put, programme: dict) -> None:
    key, name = f"programme:{programme['id']}", programme["title"]
    for field in ("title", "description", "target_groups", "first_year", "last_year"):
        put(f"{key}:{field}", f"{name} › {field}", programme[field])
    put(f"{key}:lead", f"{name} › lead", (programme["lead"] or {}).get("name"))
    put(
        f"{key}:implementers",
        f"{name} › implementers",
        [p["name"] for p in programme["implementers"]],
    )
    put(f"{key}:municipalities", f"{name} › municipalities", programme["municipalities"])
    put(
        f"{key}:activities",
        f"{name} › activities",
        [a["description"] for a in programme["activities"]],
    )
    for line in programme["funding"]:
        put(
            f"{key}:funding:{line['source']}:{line['year']}",
            f"{name} › {line['source']} {line['year']}",
            line["amount"],
        )
    for indicator in programme["indicators"]:
        ikey, iname = f"indicator:{indicator['id']}", indicator["name"]
        for field in (
            "name",
            "unit",
            "baseline_value",
            "baseline_year",
            "target_value",
            "target_year",
        ):
            put(f"{ikey}:{field}", f"{name} › {iname} › {field}", indicator[field])
        put(
            f"{ikey}:year_targets",
            f"{name} › {iname} › year_targets",
            [f"{t['year']}: {t['value']}" for t in indicator["year_targets"]],
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
