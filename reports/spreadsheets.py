"""XLSX workbooks of the yearly report and the national overview (openpyxl).

One sheet per table of reports/tables.py: a bold header row that stays in view and
filters, numbers, amounts and dates as typed cells with formats that a Slovenian
spreadsheet shows as 1.234,50 and 31. 3. 2016. Amounts carry no currency symbol: their
headers say "(EUR)", as in the HTML and PDF tables and the progress workbooks.
"""

import datetime
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from rin_portal.spreadsheets import clean, clean_row, keep_text

from .tables import Table

# A whole value in a "decimal" column gets the "int" format (`_is_whole`): "#,##0.##"
# would show 40 as "40," in Excel and LibreOffice.
FORMATS = {
    "int": "#,##0",
    "year": "0",  # 2014, never grouped as 2.014
    "decimal": "#,##0.0#",
    "eur": "#,##0.00",
    "date": "d. m. yyyy",
    "share": "0.0 %",
}
HEADER_FILL = PatternFill("solid", fgColor="E8EDF3")


def _sheet_title(name: str, used: set[str]) -> str:
    title = name[:31]
    n = 2
    while title in used:
        title = f"{name[:28]}-{n}"
        n += 1
    used.add(title)
    return title


def workbook_bytes(tables: list[Table], *, title: str, created: datetime.datetime) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = clean(title)
    workbook.properties.creator = "RIN portal"
    workbook.properties.language = "sl-SI"
    workbook.properties.created = workbook.properties.modified = created.replace(tzinfo=None)
    used: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(table.name, used))
        sheet.append(clean_row(column.title for column in table.columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in table.rows:
            sheet.append(clean_row(row))
            keep_text(sheet[sheet.max_row])
        for index, column in enumerate(table.columns, 1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = column.width
            number_format = FORMATS.get(column.type)
            wrap = column.type == "text" and column.width >= 30
            if number_format or wrap:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    if number_format:
                        cell.number_format = (
                            FORMATS["int"]
                            if column.type == "decimal" and _is_whole(cell.value)
                            else number_format
                        )
                    else:
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
        if table.rows:
            sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _is_whole(value) -> bool:
    return isinstance(value, int | float | Decimal) and value == int(value)
