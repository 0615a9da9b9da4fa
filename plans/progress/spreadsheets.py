"""XLSX export of a yearly report and of a plan's programme table, laid out as the
users' own tables: one row per programme, indicator columns with target and achieved.

The headers and labels are Slovenian and fixed, whatever the page's language: they
are the file format the import (imports.py) reads back, so they must not change with
a translation.

A report workbook also holds a hidden, protected sheet that records each entry as it
was drawn: its version and a fingerprint of its content. With it the import tells the
rows the user changed from entries that colleagues saved in the portal since, and does
not silently put the old text back over theirs.
"""

import io
from decimal import Decimal

from django.conf import settings
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from plans.kinds import is_strategy
from plans.models import FundingSource, Indicator, Plan, ReportEntry, YearlyReport
from plans.selectors import iter_programmes
from rin_portal.formatting import format_amount
from rin_portal.spreadsheets import clean_row, keep_text

from .checks import target_for
from .state import entry_state, fingerprint, returned_part

STATUS_LABELS = {
    ReportEntry.Status.NOT_STARTED: "Ni začeto",
    ReportEntry.Status.IN_PROGRESS: "V izvajanju",
    ReportEntry.Status.REALISED: "Izvedeno",
    ReportEntry.Status.POSTPONED: "Preloženo",
    ReportEntry.Status.ABANDONED: "Opuščeno",
}
REPORT_STATUS_LABELS = {
    YearlyReport.Status.DRAFT: "Osnutek",
    YearlyReport.Status.SUBMITTED: "Oddano",
    YearlyReport.Status.RETURNED: "Vrnjeno v dopolnitev",
    YearlyReport.Status.APPROVED: "Odobreno",
}
SOURCE_LABELS = {
    FundingSource.MINISTRY: "Ministrstvo (MDDSZ)",
    FundingSource.MUNICIPALITIES: "Občine",
    FundingSource.EU_FUNDS: "Sredstva EU",
    FundingSource.HEALTH_INSURANCE: "Zdravstveno zavarovanje (ZZZS)",
    FundingSource.USERS: "Prispevki uporabnikov",
    FundingSource.OWN: "Lastna sredstva izvajalca",
    FundingSource.DONATIONS: "Donacije in sponzorstva",
    FundingSource.OTHER: "Drugo",
}
UNIT_LABELS = {
    Indicator.Unit.COUNT: "število",
    Indicator.Unit.PERSONS: "osebe",
    Indicator.Unit.PERCENT: "%",
    Indicator.Unit.EUR: "EUR",
    Indicator.Unit.HOURS: "ure",
}

# Labels of the rows above the table, in column A; their values stand in column B.
META_PLAN, META_SLUG, META_YEAR, META_STATUS = "Načrt", "Oznaka načrta", "Leto", "Stanje poročila"
ID_HEADER = "Šifra"
FIXED_HEADERS = [
    ID_HEADER,
    "Št.",
    "Prioritetni program",
    "Področje",
    "Nosilec",
    "Status",
    "Kaj je bilo storjeno",
    "Ovire",
    "Pojasnilo",
    "Število vključenih uporabnikov",
    *(f"Porabljena sredstva (EUR): {SOURCE_LABELS[s]}" for s in FundingSource.values),
]
# What a strategy calls the programme column and the plan's row (a measure, the strategy).
# Its workbooks downloaded before still say "Prioritetni program"; the import takes both.
STRATEGY_PROGRAMME_HEADER, STRATEGY_META_PLAN = "Ukrep", "Strategija"
INDICATOR_HEADERS = ["Kazalnik {n}", "Enota {n}", "Ciljna vrednost {n}", "Dosežena vrednost {n}"]
# The sheet with what each entry was at the download, after the report's sheet.
VERSIONS_SHEET = "Različice"
VERSIONS_NOTE = (
    "Podatki za uvoz: različica in prstni odtis vsakega vnosa ob prenosu te datoteke. "
    "Ne spreminjajte jih. Z njimi portal ob uvozu prepozna vnose, ki jih je kdo shranil "
    "v portalu po prenosu, in jih ne prepiše brez vaše odločitve."
)
VERSIONS_HEADERS = ["Vnos", "Program", "Različica", "Prstni odtis"]
# A report returned for revision: the reviewer's reason and the part they pointed at,
# in two columns after the indicators (which the import ignores) and a row above the
# table that says where they are, so that who works offline sees what to correct.
META_RETURNED = "Vrnjeno v dopolnitev"
RETURN_HEADERS = ["Vrnjeno v dopolnitev: razlog", "Vrnjeno v dopolnitev: del vnosa"]
RETURN_FILL = PatternFill("solid", fgColor="FFF2CC")
STATUS_ERROR = "Izberite status s seznama."
# Columns the import reads (0-based); the others identify the row or are read-only.
STATUS_COL, TEXT_COLS, USERS_COL = 5, {6: "achievements", 7: "obstacles", 8: "explanation"}, 9
# The most characters a cell holds (Excel's limit; openpyxl cuts longer texts there).
CELL_LIMIT = 32_767
FUNDING_COLS = {10 + n: source for n, source in enumerate(FundingSource.values)}
FIRST_INDICATOR_COL = 10 + len(FundingSource.values)

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
READ_ONLY_FILL = PatternFill("solid", fgColor="F2F2F2")
WRAP = Alignment(wrap_text=True, vertical="top")
AMOUNT_FORMAT = "#,##0.00"
WHOLE_FORMAT = "#,##0"
# Values typed later may have decimals or none: "#,##0.##" would show a whole 40 as
# "40," in Excel and LibreOffice, "#,##0.0#" as "40,0"; "General" shows both as typed.
DECIMAL_FORMAT = "General"


def unit_label(indicator: Indicator) -> str:
    return (
        indicator.unit_label
        if indicator.unit == Indicator.Unit.OTHER
        else UNIT_LABELS[indicator.unit]
    )


def indicator_headers(count: int) -> list[str]:
    return [header.format(n=n) for n in range(1, count + 1) for header in INDICATOR_HEADERS]


def _number(value: Decimal | int | None):
    """Numbers go to cells as numbers; whole values as integers so they read back equal."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else value


def _value_format(indicator: Indicator) -> str:
    return WHOLE_FORMAT if indicator.is_whole else DECIMAL_FORMAT


def _append(sheet: Worksheet, row: list) -> None:
    """A row of values; texts that users typed stay text, even "=HYPERLINK(…)"."""
    sheet.append(clean_row(row))
    keep_text(sheet[sheet.max_row])


def fixed_headers(plan: Plan) -> list[str]:
    """The report sheet's fixed columns as `plan` names its programmes."""
    if plan.kind != Plan.Kind.STRATEGY:
        return FIXED_HEADERS
    return [STRATEGY_PROGRAMME_HEADER if h == FIXED_HEADERS[2] else h for h in FIXED_HEADERS]


def _plan_label(plan: Plan) -> str:
    return STRATEGY_META_PLAN if plan.kind == Plan.Kind.STRATEGY else META_PLAN


def _meta(sheet: Worksheet, rows: list[tuple[str, object]]) -> None:
    for label, value in rows:
        _append(sheet, [label, value])
        sheet.cell(sheet.max_row, 1).font = HEADER_FONT
    sheet.append([])


def _header(sheet: Worksheet, headers: list[str], widths: dict[int, int]) -> int:
    sheet.append(clean_row(headers))  # indicators' names among them
    row = sheet.max_row
    for column in range(1, len(headers) + 1):
        cell = sheet.cell(row, column)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
        sheet.column_dimensions[get_column_letter(column)].width = widths.get(column - 1, 16)
    return row


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_workbook(report: YearlyReport, entries: list[ReportEntry]) -> bytes:
    """The yearly report as one sheet; `entries` from selectors.report_entries.

    The reasons of returned entries are written too: only a report in the review loop
    has them, which only the plan's scope may read (`permissions.can_view_report`), and
    approval clears them before the public may read the report."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Poročilo {report.year}"
    plan = report.plan
    slots = max((len(entry.programme.indicators.all()) for entry in entries), default=0)
    returned = [entry for entry in entries if entry.is_returned]
    headers = fixed_headers(plan) + indicator_headers(slots)
    meta = [
        (_plan_label(plan), plan.title),
        (META_SLUG, plan.slug),
        (META_YEAR, report.year),
        (META_STATUS, REPORT_STATUS_LABELS[report.status]),
        ("Izvoženo", _today()),
    ]
    if returned:
        meta.append((META_RETURNED, _returned_note(returned, len(headers))))
    _meta(sheet, meta)
    widths = {0: 8, 1: 6, 2: 36, 3: 24, 4: 24, 5: 14, 6: 40, 7: 30, 8: 30}
    if returned:
        widths.update({len(headers): 40, len(headers) + 1: 24})
        headers += RETURN_HEADERS
    header_row = _header(sheet, headers, widths)
    for entry in entries:
        used = {line.source: line.amount_used for line in entry.funding.all()}
        values = {value.indicator_id: value.achieved_value for value in entry.values.all()}
        row = [
            entry.programme_id,
            entry.number,
            entry.programme.title,
            entry.programme.area.title,
            str(entry.programme.lead or ""),
            STATUS_LABELS.get(entry.status, ""),
            entry.achievements,
            entry.obstacles,
            entry.explanation,
            entry.users_reached,
            *(_number(used.get(source)) for source in FundingSource.values),
        ]
        for indicator in entry.programme.indicators.all():
            row += [
                indicator.name,
                unit_label(indicator),
                _number(target_for(indicator, report.year)),
                _number(values.get(indicator.pk)),
            ]
        if entry in returned:
            row += [None] * (FIRST_INDICATOR_COL + 4 * slots - len(row))
            row += _return_cells(entry)
        _append(sheet, row)
        _style_report_row(sheet, sheet.max_row, entry)
        if entry in returned:
            for column in (len(row) - 1, len(row)):
                cell = sheet.cell(sheet.max_row, column)
                cell.fill, cell.alignment = RETURN_FILL, WRAP
    sheet.freeze_panes = sheet.cell(header_row + 1, 4)
    # The message is shown, and another value refused, only with showErrorMessage: without
    # it Excel and LibreOffice take whatever is typed, and only the import would object.
    statuses = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUS_LABELS.values()) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=FIXED_HEADERS[STATUS_COL],
        error=STATUS_ERROR,
    )
    sheet.add_data_validation(statuses)
    if entries:
        column = get_column_letter(STATUS_COL + 1)
        statuses.add(f"{column}{header_row + 1}:{column}{header_row + len(entries)}")
    _versions_sheet(workbook, entries)
    return _save(workbook)


def _returned_note(returned: list[ReportEntry], columns: int) -> str:
    """Which entries came back, and the columns where the reasons stand."""
    numbers = ", ".join(entry.number for entry in returned)
    reason, part = get_column_letter(columns + 1), get_column_letter(columns + 2)
    return (
        f"{numbers}. Razlog je v stolpcu {reason} »{RETURN_HEADERS[0]}«, del vnosa, ki ga "
        f"je treba popraviti, v stolpcu {part} »{RETURN_HEADERS[1]}«."
    )


def _return_cells(entry: ReportEntry) -> list[str]:
    """The reason and the part pointed at, named in Slovenian like the rest of the sheet."""
    with translation.override(settings.LANGUAGE_CODE):
        part = returned_part(entry) or "Cel vnos"
    return [entry.return_reason, part]


def _versions_sheet(workbook: Workbook, entries: list[ReportEntry]) -> None:
    """Each entry's id, programme code, version and content fingerprint, as the grid's
    form carries them (forms.EntryForm), on a sheet hidden and protected from edits."""
    sheet = workbook.create_sheet(VERSIONS_SHEET)
    sheet.append([VERSIONS_NOTE])
    sheet.append([])
    _header(sheet, VERSIONS_HEADERS, {0: 10, 1: 10, 2: 10, 3: 36})
    for entry in entries:
        sheet.append([entry.pk, entry.programme_id, entry.version, fingerprint(entry_state(entry))])
    sheet.sheet_state = "hidden"
    sheet.protection.sheet = True


def _style_report_row(sheet: Worksheet, row: int, entry: ReportEntry) -> None:
    for column in range(1, FIRST_INDICATOR_COL + 1):
        sheet.cell(row, column).alignment = WRAP
    for column in (1, 2, 3, 4, 5):
        sheet.cell(row, column).fill = READ_ONLY_FILL
    sheet.cell(row, USERS_COL + 1).number_format = WHOLE_FORMAT
    for column in FUNDING_COLS:
        sheet.cell(row, column + 1).number_format = AMOUNT_FORMAT
    for n, indicator in enumerate(entry.programme.indicators.all()):
        first = FIRST_INDICATOR_COL + 4 * n + 1
        for column in (first, first + 1, first + 2):
            sheet.cell(row, column).fill = READ_ONLY_FILL
            sheet.cell(row, column).alignment = WRAP
        sheet.cell(row, first + 2).number_format = _value_format(indicator)
        sheet.cell(row, first + 3).number_format = _value_format(indicator)


def programmes_workbook(
    plan: Plan, document: dict, achieved: dict[int, dict[int, Decimal]]
) -> bytes:
    """The plan's programme table (plans.selectors.plan_document) with the achieved value
    of each indicator in each reported year (`achieved`: indicator id → year → value)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Ukrepi" if is_strategy(plan) else "Programi"
    _meta(
        sheet,
        [
            (_plan_label(plan), plan.title),
            (META_SLUG, plan.slug),
            ("Obdobje", f"{plan.first_year}–{plan.last_year}"),
            ("Izvoženo", _today()),
        ],
    )
    programmes = list(iter_programmes(document))
    years = sorted({year for by_year in achieved.values() for year in by_year})
    slots = max((len(p["indicators"]) for p in programmes), default=0)
    programme_header = (
        STRATEGY_PROGRAMME_HEADER if plan.kind == Plan.Kind.STRATEGY else "Prioritetni program"
    )
    headers = [
        ID_HEADER,
        "Št.",
        "Področje",
        programme_header,
        "Cilj",
        "Aktivnosti",
        "Izvajalci",
        "Nosilec",
        "Časovni okvir",
        "Vir financiranja",
    ]
    for n in range(1, slots + 1):
        headers += [
            f"Kazalnik {n}",
            f"Enota {n}",
            f"Izhodiščna vrednost {n}",
            f"Ciljna vrednost {n}",
        ]
        headers += [f"Dosežena vrednost {n} ({year})" for year in years]
    widths = {0: 8, 1: 6, 2: 24, 3: 36, 4: 30, 5: 40, 6: 30, 7: 24, 8: 12, 9: 30}
    header_row = _header(sheet, headers, widths)
    for p in programmes:
        planned: dict[str, Decimal] = {}
        for line in p["funding"]:
            planned[line["source"]] = planned.get(line["source"], Decimal(0)) + Decimal(
                line["amount"]
            )
        funding = "; ".join(
            f"{SOURCE_LABELS[source]}: {_amount_text(amount)} EUR"
            for source, amount in planned.items()
        )
        row = [
            p["id"],
            p["number"],
            p["area_title"],
            p["title"],
            p["goal_title"],
            "\n".join(a["description"] for a in p["activities"]),
            "; ".join(i["name"] for i in p["implementers"]),
            p["lead"]["name"] if p["lead"] else "",
            f"{p['first_year']}–{p['last_year']}",
            funding,
        ]
        for indicator in p["indicators"]:
            unit = (
                indicator["unit_label"]
                if indicator["unit"] == "other"
                else UNIT_LABELS[indicator["unit"]]
            )
            row += [
                indicator["name"],
                unit,
                _number(_decimal(indicator["baseline_value"])),
                _number(_decimal(indicator["target_value"])),
            ]
            row += [_number(achieved.get(indicator["id"], {}).get(year)) for year in years]
        _append(sheet, row)
        for column in range(1, len(headers) + 1):
            sheet.cell(sheet.max_row, column).alignment = WRAP
    sheet.freeze_panes = sheet.cell(header_row + 1, 5)
    return _save(workbook)


def _today() -> str:
    today = timezone.localdate()
    return f"{today.day}. {today.month}. {today.year}"


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _amount_text(amount: Decimal) -> str:
    with translation.override("sl"):
        return format_amount(amount)
