"""The data of a document as tables: sheets of the XLSX files, CSV files inside PDF/A.

Values keep their types (Decimal, int, date, str, None) so that a spreadsheet can
format them as numbers, amounts and dates; CSV writes them in a neutral form
(decimal point, ISO dates). Column titles are in the active language.
"""

import csv
import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from plans.kinds import by_kind, is_strategy
from plans.models import Indicator, plan_status_label
from rin_portal.choices import label
from rin_portal.spreadsheets import FORMULA_STARTS


@dataclass(frozen=True)
class Column:
    title: str
    type: str = "text"  # text, int, year, decimal, eur, date, share
    width: int = 16


@dataclass
class Table:
    name: str
    title: str
    columns: list[Column]
    rows: list[list]


def _d(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _date(value) -> datetime.date | None:
    return datetime.date.fromisoformat(value[:10]) if value else None


def _share(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.001")) if whole else None


def _unit(indicator: dict) -> str:
    """As the pages and PDFs show it ("%", "EUR", "osebe"), not by the unit's name."""
    return Indicator.unit_shown(indicator["unit"], indicator.get("unit_label", ""))


def plan_tables(data: dict) -> list[Table]:
    programme = _programme_word(data)
    programmes, indicators, funding = [], [], []
    for area in data["areas"]:
        for p in area["programmes"]:
            programmes.append(
                [
                    p["number"],
                    area["title"],
                    p["title"],
                    p["goal_title"],
                    p["target_groups"],
                    p["lead"]["name"] if p["lead"] else "",
                    "; ".join(i["name"] for i in p["implementers"]),
                    p["first_year"],
                    p["last_year"],
                    "; ".join(p["municipalities"]),
                ]
            )
            for i in p["indicators"]:
                indicators.append(
                    [
                        p["number"],
                        p["title"],
                        i["name"],
                        _unit(i),
                        _d(i["baseline_value"]),
                        i["baseline_year"],
                        _d(i["target_value"]),
                        i["target_year"],
                    ]
                )
            for f in p["funding"]:
                funding.append(
                    [
                        p["number"],
                        p["title"],
                        label("funding_source", f["source"]),
                        f["year"],
                        _d(f["amount"]),
                    ]
                )
    return [
        Table(
            programme["sheet"],
            programme["plural"],
            [
                Column(_("Number"), width=8),
                Column(_("Area"), width=28),
                Column(programme["one"], width=40),
                Column(_("Goal"), width=32),
                Column(_("Target groups"), width=28),
                Column(_("Lead"), width=30),
                Column(_("Implementers"), width=40),
                Column(_("First year"), "year", 10),
                Column(_("Last year"), "year", 10),
                Column(_("Municipalities"), width=40),
            ],
            programmes,
        ),
        Table("kazalniki", _("Indicators"), _indicator_columns(programme), indicators),
        Table(
            "financiranje",
            _("Planned funding"),
            [
                Column(_("Number"), width=8),
                Column(programme["one"], width=40),
                Column(_("Funding source"), width=28),
                Column(_("Year"), "year", 8),
                Column(_("Planned (EUR)"), "eur", 16),
            ],
            funding,
        ),
    ]


def _programme_word(plan) -> dict[str, str]:
    """What the plan calls its programmes, in the sheets' names, titles and columns."""
    if is_strategy(plan):
        return {"sheet": "ukrepi", "one": _("Measure"), "plural": _("Measures")}
    return {"sheet": "programi", "one": _("Programme"), "plural": _("Programmes")}


def _indicator_columns(programme: dict[str, str]) -> list[Column]:
    return [
        Column(_("Number"), width=8),
        Column(programme["one"], width=40),
        Column(_("Indicator"), width=40),
        Column(_("Unit"), width=12),
        Column(_("Baseline"), "decimal", 12),
        Column(_("Baseline year"), "year", 10),
        Column(_("Target"), "decimal", 12),
        Column(_("Target year"), "year", 10),
    ]


def yearly_tables(data: dict) -> list[Table]:
    year = data["report"]["year"]
    programme = _programme_word(data["plan"])
    entries, indicators, funding = [], [], []
    returned: dict[int, list[str]] = {}  # entries' rows → reason and part (working text)
    for e in data["entries"]:
        planned = sum((_d(f["planned"]) or Decimal(0) for f in e["funding"]), Decimal(0))
        used = sum((_d(f["used"]) or Decimal(0) for f in e["funding"]), Decimal(0))
        entries.append(
            [
                e["number"],
                e["area_title"],
                e["title"],
                e["lead"],
                label("entry_status", e["status"]) or _("Not reported"),
                e["users_reached"],
                planned,
                used,
                e["achievements"],
                e["obstacles"],
                e["explanation"],
            ]
        )
        if e.get("returned"):
            returned[len(entries) - 1] = [e["returned"]["reason"], e["returned"]["part"]]
        for i in e["indicators"]:
            indicators.append(
                [
                    e["number"],
                    e["title"],
                    i["name"],
                    _unit(i),
                    _d(i["baseline_value"]),
                    i["baseline_year"],
                    _d(i["target_value"]),
                    i["target_year"],
                    _d(i["year_target"]),
                    _d(i["achieved"]),
                ]
            )
        for f in e["funding"]:
            funding.append(
                [
                    e["number"],
                    e["title"],
                    label("funding_source", f["source"]),
                    _d(f["planned"]),
                    _d(f["used"]),
                ]
            )
    entry_columns = [
        Column(_("Number"), width=8),
        Column(_("Area"), width=28),
        Column(programme["one"], width=40),
        Column(_("Lead"), width=30),
        Column(_("Status"), width=16),
        Column(_("Users reached"), "int", 12),
        Column(_("Funds planned (EUR)"), "eur", 16),
        Column(_("Funds used (EUR)"), "eur", 16),
        Column(_("What was done"), width=50),
        Column(_("Obstacles"), width=40),
        Column(_("Explanation"), width=40),
    ]
    if returned:
        entry_columns += [
            Column(_("Returned for revision"), width=40),
            Column(_("Part that needs revision"), width=24),
        ]
        entries = [row + returned.get(n, ["", ""]) for n, row in enumerate(entries)]
    tables = [
        Table(
            programme["sheet"],
            by_kind(data["plan"], _("Programmes in %(year)s"), _("Measures in %(year)s"))
            % {"year": year},
            entry_columns,
            entries,
        ),
        Table(
            "kazalniki",
            _("Indicators"),
            [
                *_indicator_columns(programme),
                Column(_("Target for %(year)s") % {"year": year}, "decimal", 14),
                Column(_("Achieved in %(year)s") % {"year": year}, "decimal", 14),
            ],
            indicators,
        ),
        Table(
            "sredstva",
            _("Funds planned and used"),
            [
                Column(_("Number"), width=8),
                Column(programme["one"], width=40),
                Column(_("Funding source"), width=28),
                Column(_("Planned (EUR)"), "eur", 16),
                Column(_("Used (EUR)"), "eur", 16),
            ],
            funding,
        ),
        Table(
            "pregled",
            _("Review"),
            [
                Column(_("Step"), width=24),
                Column(_("By"), width=30),
                Column(_("Date"), "date", 12),
                Column(_("Reason"), width=50),
            ],
            [
                [label_action(s["action"]), s["by"], _date(s["at"]), s["reason"]]
                for s in data["stamps"]
            ],
        ),
    ]
    if data["changes"]:
        tables.append(
            Table(
                "spremembe",
                _("Changes with reasons"),
                [
                    Column(_("Date"), "date", 12),
                    Column(_("What"), width=36),
                    Column(_("Field"), width=20),
                    Column(_("Before"), width=20),
                    Column(_("After"), width=20),
                    Column(_("Reason"), width=24),
                    Column(_("Reason (details)"), width=40),
                    Column(_("By"), width=24),
                ],
                [
                    [
                        _date(c["at"]),
                        c["object"],
                        change["field"],
                        change["before"],
                        change["after"],
                        label("change_reason", c["reason"]),
                        c["reason_text"],
                        c["by"],
                    ]
                    for c in data["changes"]
                    for change in c["changes"] or [{"field": "", "before": "", "after": ""}]
                ],
            )
        )
    return tables


def label_action(action: str) -> str:
    from plans.models import ReportEvent

    try:
        return capfirst(str(ReportEvent.Action(action).label))  # as the report page writes it
    except ValueError:
        return action


def national_tables(data: dict) -> list[Table]:
    plans, reporting, goals, groups, indicators = [], [], [], [], []
    for region in data["regions"]:
        for p in region["plans"]:
            plans.append(
                [
                    region["name"],
                    p["title"],
                    label("plan_kind", p["kind"]),
                    p["municipality"] or "",
                    p["first_year"],
                    p["last_year"],
                    plan_status_label(p["kind"], p["status"]),
                    _date(p["confirmed_on"]),
                    p["programme_count"],
                ]
            )
        for r in region["reporting"]:
            reporting.append(
                [
                    region["name"],
                    r["plan"],
                    r["year"],
                    _date(r["due_date"]),
                    report_status_label(r["status"]),
                    _date(r["submitted_at"]),
                    r["entries_filled"],
                    r["entries_total"],
                    _share(r["entries_filled"], r["entries_total"]),
                ]
            )
    for g in data["national_goals"]:
        goals.append(
            [
                g["programme"],
                label("national_goal_kind", g["kind"]),
                g["number"],
                g["title"],
                g["programme_count"],
                len(g["regions"]),
                "; ".join(f"{r['region']} {r['count']}" for r in g["regions"]),
            ]
        )
    for t in data["target_groups"]:
        groups.append(
            [
                t["name"],
                t["programme_count"],
                len(t["regions"]),
                "; ".join(f"{r['region']} {r['count']}" for r in t["regions"]),
            ]
        )
    for group in data["indicators"]:
        unit = _unit(group)
        for row in group["rows"]:
            indicators.append(
                [
                    group["name"],
                    unit,
                    row["region"],
                    row["plan"],
                    _d(row["baseline_value"]),
                    row["baseline_year"],
                    _d(row["target_value"]),
                    row["target_year"],
                    _d(row["latest_value"]),
                    row["latest_year"],
                ]
            )
    return [
        Table(
            "nacrti",
            _("Plans"),
            [
                Column(_("Region"), width=22),
                Column(_("Plan"), width=60),
                Column(_("Kind"), width=22),
                Column(_("Municipality"), width=18),
                Column(_("First year"), "year", 10),
                Column(_("Last year"), "year", 10),
                Column(_("Status"), width=18),
                Column(_("Confirmed or adopted on"), "date", 14),
                Column(_("Programmes"), "int", 12),
            ],
            plans,
        ),
        Table(
            "cilji",
            _("Programmes by national goal"),
            [
                Column(_("National programme"), width=16),
                Column(_("Kind"), width=22),
                Column(_("Number"), "int", 8),
                Column(_("Goal"), width=60),
                Column(_("Programmes"), "int", 12),
                Column(_("Regions"), "int", 10),
                Column(_("By region"), width=50),
            ],
            goals,
        ),
        Table(
            "ciljne-skupine",
            _("Programmes by target group"),
            [
                Column(_("Target group"), width=40),
                Column(_("Programmes"), "int", 12),
                Column(_("Regions"), "int", 10),
                Column(_("By region"), width=50),
            ],
            groups,
        ),
        Table(
            "porocanje",
            _("Reporting"),
            [
                Column(_("Region"), width=22),
                Column(_("Plan"), width=60),
                Column(_("Year"), "year", 8),
                Column(_("Due date"), "date", 12),
                Column(_("Status"), width=22),
                Column(_("Submitted on"), "date", 12),
                Column(_("Programmes reported"), "int", 12),
                Column(_("Programmes"), "int", 12),
                Column(_("Completeness"), "share", 12),
            ],
            reporting,
        ),
        Table(
            "kazalniki",
            _("Comparable indicators"),
            [
                Column(_("Indicator"), width=40),
                Column(_("Unit"), width=12),
                Column(_("Region"), width=22),
                Column(_("Plan"), width=50),
                Column(_("Baseline"), "decimal", 12),
                Column(_("Baseline year"), "year", 10),
                Column(_("Target"), "decimal", 12),
                Column(_("Target year"), "year", 10),
                Column(_("Latest achieved value"), "decimal", 14),
                Column(_("Year of the latest value"), "year", 10),
            ],
            indicators,
        ),
    ]


def report_status_label(status: str) -> str:
    if status == "missing":
        return _("Not opened")
    return label("report_status", status)


def document_tables(kind: str, data: dict) -> list[Table]:
    if kind == "yearly":
        return yearly_tables(data)
    if kind == "national":
        return national_tables(data)
    return plan_tables(data)


def as_text(value: str) -> str:
    """CSV has no cell types: text that a spreadsheet would take for a formula gets a
    leading apostrophe, so that it stays text."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return as_text(value)
    return value


def to_csv(table: Table) -> bytes:
    """RFC 4180 CSV in UTF-8 with a byte-order mark (so spreadsheets read č, š, ž)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.title for column in table.columns])
    for row in table.rows:
        writer.writerow([_csv_value(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
