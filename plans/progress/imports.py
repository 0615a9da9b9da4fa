"""Reading a filled yearly-report workbook back: checks first, then a preview.

A workbook is refused outright, with a message naming the problem (and the row where
there is one), when it is too large, not an XLSX file, a "zip bomb", has hidden
sheets (other than the export's versions sheet), merged cells or other columns than
the export. Otherwise every row is read into a preview: what would change and what is wrong (text in a number cell, a
formula, an unknown programme or indicator, a value that does not fit its unit).
Nothing is written here; services.report_save applies a preview, all or nothing.

A row whose entry was saved in the portal after the workbook was downloaded (its
version differs from the one the workbook's hidden sheet records) is never imported
as an ordinary change: if the user left it as downloaded, the saved version stays; if
they changed it, it is a conflict that is saved only if they choose so.
"""

import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.cell.cell import TYPE_FORMULA
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.worksheet.worksheet import Worksheet

from plans.forms.base import digits_error, read_number
from plans.kinds import by_kind
from plans.models import ReportEntry, YearlyReport
from plans.validation import value_error

from . import spreadsheets as layout
from .state import EntryInput, compare, entry_state, fingerprint, input_state, normalise_text

# Limits on what a workbook may unpack to, checked before any XML is parsed.
MAX_MEMBERS = 1000
MAX_UNPACKED_FACTOR = 2  # the whole workbook unpacked: at most 2 × the upload limit
MAX_RATIO = 100  # a member larger than 1 MB may be at most 100 × its packed size
HEADER_SEARCH_ROWS = 20
MAX_ROWS = 5000  # far more than any plan has programmes
TEXT_LIMIT = 50_000
# Amounts and values are stored with 14 digits, two of them decimals.
MAX_NUMBER = Decimal(10) ** 12
# As many users as the grid's field takes (and a 32-bit column holds).
MAX_USERS = 2_000_000_000


class ImportRefused(Exception):
    """The workbook cannot be read at all; nothing of it was looked at further."""


@dataclass(frozen=True)
class Drawn:
    """An entry as it was when the workbook was downloaded."""

    version: int
    fingerprint: str


@dataclass
class RowPreview:
    row: int
    label: str
    entry: ReportEntry | None = None
    changes: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # The entry was saved in the portal after the download, and the row would change it.
    conflict: bool = False
    # The entry was saved in the portal after the download, the row is as downloaded.
    kept: bool = False


@dataclass
class ImportPreview:
    rows: list[RowPreview]
    inputs: list[EntryInput]
    missing: list[ReportEntry]
    # Rows that would overwrite a later save: imported only if the user chooses so.
    conflicts: list[EntryInput] = field(default_factory=list)
    # False for a workbook downloaded before the export recorded the entries' versions.
    has_versions: bool = True

    @property
    def has_errors(self) -> bool:
        return any(row.errors for row in self.rows)

    @property
    def change_count(self) -> int:
        return sum(len(row.changes) for row in self.rows)


# The file -----------------------------------------------------------------------------


def _check_package(data: bytes) -> None:
    limit = settings.RIN_IMPORT_MAX_MB * 1024 * 1024
    not_workbook = ImportRefused(
        _(
            "The file is not an Excel workbook (.xlsx). Save it as “Excel Workbook (.xlsx)” and try again."
        )
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise not_workbook from None
    with archive:
        members = archive.infolist()
        names = {member.filename for member in members}
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            if _is_opendocument(archive, names):
                raise ImportRefused(
                    _(
                        "The file is an OpenDocument spreadsheet (.ods), LibreOffice's own "
                        "format. In LibreOffice choose File › Save As, file type “Excel "
                        "2007-365 (.xlsx)”, and import that file."
                    )
                )
            raise not_workbook
        if len(members) > MAX_MEMBERS:
            raise ImportRefused(_("The workbook has too many parts to be a filled report."))
        if any(member.flag_bits & 0x1 for member in members):
            raise ImportRefused(
                _("The workbook is protected with a password. Remove the password first.")
            )
        unpacked = sum(member.file_size for member in members)
        bomb = unpacked > MAX_UNPACKED_FACTOR * limit or any(
            member.file_size > 1024 * 1024
            and member.file_size > MAX_RATIO * max(member.compress_size, 1)
            for member in members
        )
        if bomb:
            raise ImportRefused(
                _(
                    "The workbook would unpack to %(size)s MB, far more than a report needs (a “zip bomb”); it was not opened."
                )
                % {"size": unpacked // (1024 * 1024)}
            )


def _is_opendocument(archive: zipfile.ZipFile, names: set[str]) -> bool:
    """Whether the archive is a spreadsheet saved in LibreOffice's own format, which it
    offers each time a workbook is saved ("Use ODF Format!")."""
    if "mimetype" not in names or archive.getinfo("mimetype").file_size > 100:
        return False
    return archive.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"


def open_workbook(upload) -> tuple[Worksheet, dict[int, Drawn] | None]:
    """The report's sheet, after every check that needs no cell to be read, and what
    the entries were at the download (`_drawn`)."""
    limit = settings.RIN_IMPORT_MAX_MB
    if upload.size > limit * 1024 * 1024:
        raise ImportRefused(
            _("The file has %(size)s MB; a workbook may have at most %(limit)s MB.")
            % {"size": round(upload.size / (1024 * 1024), 1), "limit": limit}
        )
    upload.seek(0)
    data = upload.read()
    _check_package(data)
    try:
        workbook = load_workbook(io.BytesIO(data), data_only=False, keep_links=False)
    except Exception:  # openpyxl raises many kinds of errors on damaged files
        raise ImportRefused(
            _("The file could not be read as an Excel workbook; it may be damaged.")
        ) from None
    versions = next((s for s in workbook.worksheets if s.title == layout.VERSIONS_SHEET), None)
    hidden = [
        sheet.title
        for sheet in workbook.worksheets + workbook.chartsheets
        if sheet.sheet_state != "visible" and sheet is not versions
    ]
    if hidden:
        raise ImportRefused(
            _(
                "The workbook has hidden sheets (%(sheets)s). Delete them, or show and check them, then import again."
            )
            % {"sheets": ", ".join(f"“{title}”" for title in hidden)}
        )
    sheets = [sheet for sheet in workbook.worksheets if sheet is not versions]
    if not sheets:
        raise ImportRefused(_("The workbook has no sheet with a table."))
    sheet = sheets[0]
    if sheet.max_row > MAX_ROWS:
        raise ImportRefused(
            _(
                "The sheet has %(rows)s rows; an exported report has far fewer. Use the exported table."
            )
            % {"rows": sheet.max_row}
        )
    if sheet.merged_cells.ranges:
        first = sorted(sheet.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col))[0]
        raise ImportRefused(
            _(
                "Cells %(cells)s are merged (row %(row)s). Unmerge all merged cells and import again."
            )
            % {"cells": first.coord, "row": first.min_row}
        )
    return sheet, None if versions is None else _drawn(versions)


def _drawn(sheet: Worksheet) -> dict[int, Drawn]:
    """Entry id → the entry at the download, from the export's versions sheet; rows
    that do not read as such are left out (their entries import as without the sheet)."""
    drawn = {}
    for row in sheet.iter_rows(max_row=MAX_ROWS, max_col=4, values_only=True):
        entry_id, _programme, version, print_ = (*row, None, None, None, None)[:4]
        if _is_int(entry_id) and _is_int(version) and isinstance(print_, str):
            drawn[entry_id] = Drawn(version=version, fingerprint=print_)
    return drawn


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# The table ----------------------------------------------------------------------------


def _cell_text(value) -> str:
    return "" if value is None else str(value).strip()


def _shown_text(cell) -> str:
    """A text column's cell as text. A spreadsheet stores "2,5", "1.234" or "15.3.2017"
    typed into any cell as a number or a date, not as the text typed: they come back as
    Slovenian writes them ("2,5", "1234", "15. 3. 2017"), not as Python does ("2.5",
    "2017-03-15 00:00:00"); thousands grouped and percentages as the cell shows them."""
    value = cell.value
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        value = value.date()
    if isinstance(value, datetime.datetime):
        return f"{value.day}. {value.month}. {value.year} {value:%H:%M}"
    if isinstance(value, datetime.date):
        return f"{value.day}. {value.month}. {value.year}"
    if isinstance(value, datetime.time):
        return f"{value:%H:%M}"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _cell_text(value)
    number, suffix = Decimal(str(value)), ""
    number_format = str(getattr(cell, "number_format", None) or "")
    if _is_percent_format(number_format):
        number, suffix = number * 100, " %"
    text = f"{number.normalize():,f}" if "#,##" in number_format else f"{number.normalize():f}"
    return text.translate(_SLOVENIAN_NUMBER) + suffix


# Python writes "1,234.5", Slovenian "1.234,5".
_SLOVENIAN_NUMBER = str.maketrans(",.", ".,")


def _find_header(rows: list[tuple]) -> int:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if row and _cell_text(row[0].value) == layout.ID_HEADER:
            return index
    raise ImportRefused(
        _(
            "The columns are not those of an exported report: no header row starts with “%(header)s” in column A."
        )
        % {"header": layout.ID_HEADER}
    )


def _check_meta(rows: list[tuple], header: int, report: YearlyReport) -> None:
    meta = {
        _cell_text(row[0].value): row[1].value if len(row) > 1 else None
        for row in rows[:header]
        if row
    }
    slug, year = _cell_text(meta.get(layout.META_SLUG)), meta.get(layout.META_YEAR)
    if slug != report.plan.slug:
        raise ImportRefused(
            by_kind(
                report.plan,
                _(
                    "This workbook belongs to another plan (“%(slug)s” in row 2), not to “%(plan)s”."
                ),
                _(
                    "This workbook belongs to another strategy (“%(slug)s” in row 2), "
                    "not to “%(plan)s”."
                ),
            )
            % {"slug": slug or "–", "plan": report.plan.title}
        )
    if _cell_text(year) != str(report.year):
        raise ImportRefused(
            _("This workbook holds the report for %(found)s (row 3), not for %(year)s.")
            % {"found": _cell_text(year) or "–", "year": report.year}
        )


def _check_header(row: tuple, row_number: int, plan) -> int:
    """The number of indicator column groups; refuses any other columns than the export's
    (a strategy's, with its measures, or one downloaded before they were so named)."""
    headers = [_cell_text(cell.value) for cell in row]
    while headers and not headers[-1]:
        headers.pop()
    # A returned report's reasons, after the indicators: for reading, not imported.
    while headers and headers[-1] in layout.RETURN_HEADERS:
        headers.pop()
    slots, extra = divmod(max(len(headers) - len(layout.FIXED_HEADERS), 0), 4)
    indicators = layout.indicator_headers(slots + (1 if extra else 0))
    expected = layout.fixed_headers(plan) + indicators
    also = layout.FIXED_HEADERS + indicators
    for index, header in enumerate(headers + [""] * (len(layout.FIXED_HEADERS) - len(headers))):
        wanted = expected[index] if index < len(expected) else ""
        if header != wanted and not (index < len(also) and header == also[index]):
            raise ImportRefused(
                _(
                    "Wrong columns: column %(column)s in the header (row %(row)s) is “%(found)s”, the export has “%(expected)s”."
                )
                % {
                    "column": get_column_letter(index + 1),
                    "row": row_number,
                    "found": header or _("empty"),
                    "expected": wanted or _("no column"),
                }
            )
    if extra:
        raise ImportRefused(
            _(
                "The indicator columns in the header row (row %(row)s) are incomplete: each indicator has four columns."
            )
            % {"row": row_number}
        )
    return slots


def _text_number(text: str) -> Decimal | str:
    """A number typed as text (a cell formatted as text, or a sheet edited where numbers
    are written otherwise), read as the grid reads it in Slovenian, the workbook's
    language: "28.500,75"; the text itself if it is not a number."""
    with translation.override(settings.LANGUAGE_CODE):
        try:
            number = Decimal(read_number(text))
        except InvalidOperation:
            return text
    return number if number.is_finite() else text


# Quoted text and escaped characters in a number format are shown as they are.
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.')


def _is_percent_format(number_format) -> bool:
    """Whether the cell shows its number times 100 with a % sign, as Excel makes a
    cell into which "38 %" is typed: it holds 0.38."""
    return "%" in _FORMAT_LITERALS.sub("", str(number_format or ""))


def _number(cell, row_number: int, errors: list[str], *, whole: bool = False) -> Decimal | None:
    value = cell.value
    where = f"{get_column_letter(cell.column)}{row_number}"
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.date | datetime.time | datetime.timedelta):
        # Excel reads "3.5" typed in a Slovenian sheet as the 3rd of May.
        shown = (
            formats.date_format(value, "SHORT_DATE_FORMAT")
            if isinstance(value, datetime.date)
            else str(value)
        )
        errors.append(
            _(
                "Cell %(cell)s holds a date or time (%(date)s) where a number belongs: "
                "the spreadsheet read what was typed as a date. Format the cell as a number "
                "and type the value again."
            )
            % {"cell": where, "date": shown}
        )
        return None
    if isinstance(value, str):
        if error := digits_error(value):
            errors.append(
                _("Cell %(cell)s: %(error)s") % {"cell": where, "error": error.messages[0]}
            )
            return None
        value = _text_number(value)
    elif (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and _is_percent_format(getattr(cell, "number_format", None))
    ):
        # Read what the user sees: a cell shown as 38 % means 38, not 0.38.
        value = Decimal(str(value)) * 100
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        errors.append(
            _("Cell %(cell)s holds text (“%(text)s”) where a number belongs.")
            % {"cell": where, "text": _cell_text(cell.value)[:40]}
        )
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        errors.append(_("Cell %(cell)s does not hold a number.") % {"cell": where})
        return None
    # The size first: quantize() raises on a number of more digits than the context
    # holds (1e30) and on infinity, where the user should read this message.
    too_large = not number.is_finite() or abs(number) >= MAX_NUMBER
    if too_large or number != number.quantize(Decimal("0.01")):
        errors.append(
            _("Cell %(cell)s has more than two decimal places or is too large.") % {"cell": where}
        )
        return None
    if whole and number != number.to_integral_value():
        errors.append(_("Cell %(cell)s must hold a whole number.") % {"cell": where})
        return None
    return number.normalize() if number == number.to_integral_value() else number


def _status(value, where: str, errors: list[str]) -> str:
    text = _cell_text(value)
    if not text:
        return ""
    lowered = text.lower()
    for code, label in layout.STATUS_LABELS.items():
        if lowered in {label.lower(), code, str(ReportEntry.Status(code).label).lower()}:
            return code
    errors.append(
        _("Cell %(cell)s has the status “%(text)s”; use one of: %(choices)s.")
        % {"cell": where, "text": text[:40], "choices": ", ".join(layout.STATUS_LABELS.values())}
    )
    return ""


def _formula_errors(cells: tuple, row_number: int) -> list[str]:
    return [
        _("Cell %(cell)s holds a formula (%(formula)s); type the value instead.")
        % {"cell": f"{get_column_letter(cell.column)}{row_number}", "formula": str(cell.value)[:40]}
        for cell in cells
        if cell.data_type == TYPE_FORMULA or isinstance(cell.value, ArrayFormula)
    ]


def _programme_id(cell, row_number: int, errors: list[str], kind: str) -> int | None:
    value = cell.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    errors.append(
        by_kind(
            kind,
            _("Row %(row)s has no programme code (“%(header)s” in column A)."),
            _("Row %(row)s has no measure code (“%(header)s” in column A)."),
        )
        % {"row": row_number, "header": layout.ID_HEADER}
    )
    return None


def _read_row(
    cells: tuple, row_number: int, entry: ReportEntry, slots: int, kind: str
) -> tuple[EntryInput, list[str]]:
    errors: list[str] = []
    data = EntryInput(entry_id=entry.pk, version=entry.version)
    status_cell = cells[layout.STATUS_COL]
    data.status = _status(
        status_cell.value, f"{get_column_letter(status_cell.column)}{row_number}", errors
    )
    for column, name in layout.TEXT_COLS.items():
        text = normalise_text(_shown_text(cells[column]))
        stored = getattr(entry, name)
        if len(text) == layout.CELL_LIMIT and stored.startswith(text):
            text = stored  # a longer text than a cell holds, cut at export: unchanged
        if len(text) > TEXT_LIMIT:
            errors.append(
                _("Cell %(cell)s is longer than %(limit)s characters.")
                % {"cell": f"{get_column_letter(column + 1)}{row_number}", "limit": TEXT_LIMIT}
            )
        setattr(data, name, text)
    users = _number(cells[layout.USERS_COL], row_number, errors, whole=True)
    users_cell = f"{get_column_letter(layout.USERS_COL + 1)}{row_number}"
    if users is not None and users < 0:
        errors.append(
            _("Cell %(cell)s: the number of users reached cannot be negative.")
            % {"cell": users_cell}
        )
    elif users is not None and users > MAX_USERS:
        errors.append(
            _("Cell %(cell)s has more than two decimal places or is too large.")
            % {"cell": users_cell}
        )
    data.users_reached = int(users) if users is not None and 0 <= users <= MAX_USERS else None
    for column, source in layout.FUNDING_COLS.items():
        amount = _number(cells[column], row_number, errors)
        if amount is not None and amount < 0:
            errors.append(
                _("Cell %(cell)s: funds used cannot be negative.")
                % {"cell": f"{get_column_letter(column + 1)}{row_number}"}
            )
        data.funding[source] = amount
    indicators = {
        indicator.name.strip(): indicator for indicator in entry.programme.indicators.all()
    }
    for slot in range(slots):
        first = layout.FIRST_INDICATOR_COL + 4 * slot
        name = _cell_text(cells[first].value)
        achieved_cell = cells[first + 3]
        value = _number(achieved_cell, row_number, errors)
        if not name:
            if value is not None:
                errors.append(
                    _("Cell %(cell)s has a value but no indicator named beside it.")
                    % {"cell": f"{get_column_letter(first + 4)}{row_number}"}
                )
            continue
        indicator = indicators.get(name)
        if indicator is None:
            errors.append(
                by_kind(
                    kind,
                    _(
                        "Row %(row)s: the programme has no indicator “%(name)s”; import creates no indicators."
                    ),
                    _(
                        "Row %(row)s: the measure has no indicator “%(name)s”; import creates no indicators."
                    ),
                )
                % {"row": row_number, "name": name[:80]}
            )
            continue
        if indicator.pk in data.values:
            errors.append(
                _("Row %(row)s names the indicator “%(name)s” twice.")
                % {"row": row_number, "name": name[:80]}
            )
            continue
        if value is not None and (error := value_error(indicator.unit, value)):
            errors.append(
                _("Cell %(cell)s (%(indicator)s): %(error)s")
                % {
                    "cell": f"{get_column_letter(first + 4)}{row_number}",
                    "indicator": indicator.name,
                    "error": error,
                }
            )
        data.values[indicator.pk] = value
    return data, errors


def preview(report: YearlyReport, entries: list[ReportEntry], upload) -> ImportPreview:
    """What importing `upload` would change in `report` (entries from selectors.report_entries)."""
    sheet, drawn = open_workbook(upload)
    rows = list(sheet.iter_rows())
    header = _find_header(rows)
    _check_meta(rows, header, report)
    slots = _check_header(rows[header], header + 1, report.plan)
    width = len(layout.FIXED_HEADERS) + 4 * slots
    by_id = {entry.programme_id: entry for entry in entries}
    kind = report.plan.kind
    seen: dict[int, int] = {}
    previews, inputs, conflicts = [], [], []
    for index in range(header + 1, len(rows)):
        row_number = index + 1
        cells = tuple(rows[index][:width])
        if len(cells) < width:
            cells += tuple(_EmptyCell(column) for column in range(len(cells) + 1, width + 1))
        if all(_cell_text(cell.value) == "" for cell in cells):
            continue
        errors = _formula_errors(tuple(rows[index]), row_number)
        label = f"{_cell_text(cells[1].value)} {_cell_text(cells[2].value)}".strip()
        programme_id = _programme_id(cells[0], row_number, errors, kind)
        entry = by_id.get(programme_id) if programme_id is not None else None
        row = RowPreview(
            row=row_number, label=label or str(programme_id or ""), entry=entry, errors=errors
        )
        previews.append(row)
        if programme_id is not None and entry is None:
            errors.append(
                by_kind(
                    kind,
                    _(
                        "Row %(row)s: the report has no programme with code %(code)s (“%(title)s”); import creates no programmes."
                    ),
                    _(
                        "Row %(row)s: the report has no measure with code %(code)s (“%(title)s”); import creates no measures."
                    ),
                )
                % {"row": row_number, "code": programme_id, "title": label or "–"}
            )
        if entry is None:
            continue
        if entry.pk in seen:
            errors.append(
                by_kind(
                    kind,
                    _("Row %(row)s repeats the programme of row %(first)s."),
                    _("Row %(row)s repeats the measure of row %(first)s."),
                )
                % {"row": row_number, "first": seen[entry.pk]}
            )
            continue
        seen[entry.pk] = row_number
        if errors:
            continue
        data, row_errors = _read_row(cells, row_number, entry, slots, kind)
        errors.extend(row_errors)
        if errors:
            continue
        before, after = entry_state(entry), input_state(data, entry)
        row.changes = [change for change in compare(entry, before, after) if change["differs"]]
        if not row.changes:
            continue
        # As the grid does: `version` tells whether someone saved the entry since it
        # was loaded, the fingerprint whether the user changed it.
        known = drawn.get(entry.pk) if drawn is not None else None
        if drawn is None or (known is not None and known.version == entry.version):
            inputs.append(data)
        elif known is None:
            # The versions sheet names every entry the workbook was drawn with: a row
            # it does not know was added by hand. Saved only if the user chooses so.
            row.conflict = True
            conflicts.append(data)
        elif fingerprint(after) == known.fingerprint:
            row.changes, row.kept = [], True
        else:
            row.conflict = True
            conflicts.append(data)
    missing = [entry for entry in entries if entry.pk not in seen]
    return ImportPreview(
        rows=previews,
        inputs=inputs,
        missing=missing,
        conflicts=conflicts,
        has_versions=drawn is not None,
    )


@dataclass
class _EmptyCell:
    column: int
    value: None = None
    data_type: str = "n"
