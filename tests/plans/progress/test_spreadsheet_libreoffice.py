"""The report workbook round trip through a real spreadsheet program, LibreOffice Calc.

The workbooks under fixtures/ were downloaded from the report built here, opened in
LibreOffice Calc (Slovenian locale), typed into as a user does and saved as .xlsx:
they are files that LibreOffice wrote, not openpyxl (fixtures/README.md). The report
has fixed ids, so that the workbooks' codes and fingerprints fit it.

    RIN_LIBREOFFICE=1        also repeats the round trip with the installed LibreOffice
                             (Debian: libreoffice-calc-nogui, python3-uno)
    RIN_LIBREOFFICE=update   and writes its workbooks over the fixtures
"""

import io
import os
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from plans.models import FundingLine, Indicator, IndicatorYearTarget
from plans.progress import imports, services
from plans.progress import spreadsheets as layout
from plans.progress.state import entry_state
from tests import builders

from .conftest import complete_input, entries_of

FIXTURES = Path(__file__).parent / "fixtures"
EDIT_SCRIPT = Path(__file__).parent / "fixtures" / "libreoffice_edit.py"
LIVE = os.environ.get("RIN_LIBREOFFICE", "")
# Ids no other test reaches, so that the workbooks' codes and fingerprints fit.
PROGRAMMES, INDICATORS, ENTRIES = (9101, 9102), (9201, 9202), (9301, 9302)

FIRST, SECOND = 8, 9  # the two programmes' rows


def _cell(column: int, row: int) -> str:
    """The address of a 0-based column of the report sheet."""
    return f"{get_column_letter(column + 1)}{row}"


STATUS, USERS = layout.STATUS_COL, layout.USERS_COL
ACHIEVEMENTS, OBSTACLES, EXPLANATION = sorted(layout.TEXT_COLS)
MINISTRY = next(column for column, source in layout.FUNDING_COLS.items() if source == "ministry")
ACHIEVED = layout.FIRST_INDICATOR_COL + 3

# What the user typed, cell by cell, in Calc's Slovenian input; "" is the Delete key.
EDITS = {
    "libreoffice-unchanged.xlsx": [],
    # Saved in Calc's own format, as its "Keep current format" question offers.
    "libreoffice-saved-as-ods.ods": [],
    "libreoffice-edited.xlsx": [
        (_cell(STATUS, FIRST), "Izvedeno"),  # chosen from the dropdown
        (
            _cell(ACHIEVEMENTS, FIRST),
            "Odprli smo tri centre.\nČakalna vrsta v Škofji Loki: žal še ni krajša.",
        ),
        (_cell(EXPLANATION, FIRST), "2,5"),  # a number typed where text belongs
        (_cell(USERS, FIRST), "1.234"),
        (_cell(MINISTRY, FIRST), "1.234,50"),
        (_cell(ACHIEVED, FIRST), "5"),
        (_cell(STATUS, SECOND), "Preloženo"),
        (_cell(ACHIEVEMENTS, SECOND), ""),
        (_cell(OBSTACLES, SECOND), "15.3.2017"),  # a date typed where text belongs
        (_cell(EXPLANATION, SECOND), "Gradnja se je zamaknila.\nŽupan čaka soglasje."),
        (_cell(MINISTRY, SECOND), ""),
        (_cell(ACHIEVED, SECOND), "12,5"),
    ],
}


@pytest.fixture
def report(gorenjska, staff):
    """A filled 2017 report: a count and a percentage indicator, funds from two sources,
    and texts that look like a formula and like a list."""
    plan = builders.make_plan(
        region=gorenjska, slug="rin-libreoffice", status="confirmed", confirmed_on="2017-06-30"
    )
    programmes = []
    for pk, indicator_pk, title, unit, target in zip(
        PROGRAMMES,
        INDICATORS,
        ("Medgeneracijski center", "Dnevni center"),
        ("count", "percent"),
        (4, 60),
        strict=True,
    ):
        programme = builders.make_programme(plan, pk=pk, title=title, with_children=False)
        indicator = Indicator.objects.create(
            pk=indicator_pk,
            programme=programme,
            name=f"Kazalnik: {title}",
            unit=unit,
            target_value=Decimal(target),
            target_year=plan.last_year,
        )
        IndicatorYearTarget.objects.create(
            indicator=indicator, year=2017, value=Decimal(target) - 10
        )
        FundingLine.objects.create(
            programme=programme, source="ministry", year=2017, planned_amount=Decimal(1000)
        )
        programmes.append(programme)
    report = builders.make_report(plan, 2017, opened_by=staff)
    for pk, programme in zip(ENTRIES, programmes, strict=True):
        builders.make_entry(report, programme, pk=pk, updated_by=staff)
    first, second = entries_of(report)
    services.report_save(
        report=report,
        user=staff,
        entries=[
            complete_input(first, obstacles="=SUM(1;2) ostane besedilo", users_reached=40),
            complete_input(
                second,
                obstacles="- prva ovira\n- druga ovira",
                funding={"ministry": Decimal(900), "municipalities": Decimal("250.50")},
            ),
        ],
    )
    report.refresh_from_db()
    return report


def _saved_by_libreoffice(report, name: str, tmp_path) -> bytes:
    """The fixture `name`; with RIN_LIBREOFFICE, made anew by the installed LibreOffice
    from this report's download."""
    if not LIVE:
        return (FIXTURES / name).read_bytes()
    if shutil.which("soffice") is None:
        pytest.fail("RIN_LIBREOFFICE is set, but LibreOffice (soffice) is not installed")
    download, saved = tmp_path / "porocilo.xlsx", tmp_path / name
    download.write_bytes(layout.report_workbook(report, entries_of(report)))
    edits = [f"{cell}={text}".replace("\n", "\\n") for cell, text in EDITS[name]]
    subprocess.run(
        ["/usr/bin/python3", str(EDIT_SCRIPT), str(download), str(saved), *edits],
        check=True,
        timeout=180,
    )
    if LIVE == "update":
        shutil.copyfile(saved, FIXTURES / name)
    return saved.read_bytes()


def _upload(data: bytes, name: str = "porocilo.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def _url(report, name="import"):
    return reverse(f"progress:{name}", args=[report.plan.slug, report.year])


def test_the_fixtures_were_written_by_libreoffice():
    for name in EDITS:
        with zipfile.ZipFile(FIXTURES / name) as archive:
            meta = "meta.xml" if name.endswith(".ods") else "docProps/app.xml"
            application = archive.read(meta).decode()
        assert "LibreOffice/7" in application, name


def test_a_workbook_opened_and_saved_in_libreoffice_changes_nothing(
    client, report, staff, tmp_path
):
    data = _saved_by_libreoffice(report, "libreoffice-unchanged.xlsx", tmp_path)
    preview = imports.preview(report, entries_of(report), _upload(data))
    assert not preview.has_errors and preview.has_versions
    assert preview.inputs == [] and preview.conflicts == [] and preview.missing == []
    assert [(row.label, row.changes) for row in preview.rows] == [
        ("1.1 Medgeneracijski center", []),
        ("2.1 Dnevni center", []),
    ]
    client.force_login(staff)
    response = client.post(_url(report), {"workbook": _upload(data)})
    assert "The workbook changes nothing" in response.content.decode()
    assert "confirm_form" not in response.context


def test_libreoffice_keeps_what_the_import_and_the_user_rely_on(report, tmp_path):
    """The versions sheet stays hidden and protected, the status list still refuses
    other values, and amounts keep their format."""
    data = _saved_by_libreoffice(report, "libreoffice-unchanged.xlsx", tmp_path)
    workbook = load_workbook(io.BytesIO(data))
    sheet, versions = workbook.worksheets
    assert sheet.title == "Poročilo 2017" and versions.title == layout.VERSIONS_SHEET
    assert versions.sheet_state == "hidden" and versions.protection.sheet
    assert [row[:3] for row in versions.iter_rows(min_row=4, values_only=True)] == [
        (ENTRIES[0], PROGRAMMES[0], 2),
        (ENTRIES[1], PROGRAMMES[1], 2),
    ]
    (statuses,) = sheet.data_validations.dataValidation
    assert statuses.type == "list" and str(statuses.sqref) == f"F{FIRST}:F{SECOND}"
    assert statuses.formula1 == '"Ni začeto,V izvajanju,Izvedeno,Preloženo,Opuščeno"'
    assert statuses.showErrorMessage and statuses.error == layout.STATUS_ERROR
    assert sheet[_cell(MINISTRY, FIRST)].number_format == layout.AMOUNT_FORMAT
    assert sheet[_cell(USERS, FIRST)].number_format == layout.WHOLE_FORMAT


def test_what_was_typed_in_libreoffice_imports_as_typed(client, report, staff, tmp_path):
    """Slovenian numbers, texts with line breaks and čšž, a status from the list,
    cleared cells; numbers and dates typed into text columns read as they were shown."""
    data = _saved_by_libreoffice(report, "libreoffice-edited.xlsx", tmp_path)
    preview = imports.preview(report, entries_of(report), _upload(data))
    assert not preview.has_errors
    assert [
        [(c["label"], c["before"], c["after"]) for c in row.changes] for row in preview.rows
    ] == [
        [
            ("Status", "In progress", "Realised"),
            (
                "What was done",
                "Odprli smo dva centra.",
                "Odprli smo tri centre.\nČakalna vrsta v Škofji Loki: žal še ni krajša.",
            ),
            ("Explanation", "", "2,5"),
            ("Users reached", "40", "1,234"),
            ("Achieved value: Kazalnik: Medgeneracijski center", "4", "5"),
            ("Funds used: Ministry (MDDSZ)", "900 EUR", "1,234.50 EUR"),
        ],
        [
            ("Status", "In progress", "Postponed"),
            ("What was done", "Odprli smo dva centra.", ""),
            ("Obstacles", "- prva ovira\n- druga ovira", "15. 3. 2017"),
            ("Explanation", "", "Gradnja se je zamaknila.\nŽupan čaka soglasje."),
            ("Achieved value: Kazalnik: Dnevni center", "50", "12.5"),
            ("Funds used: Ministry (MDDSZ)", "900 EUR", ""),
        ],
    ]

    client.force_login(staff)
    page = client.post(_url(report), {"workbook": _upload(data)})
    assert page.status_code == 200
    assert "Odprli smo tri centre.<br>Čakalna vrsta v Škofji Loki" in page.content.decode()
    token = page.context["confirm_form"].initial["token"]
    confirmed = client.post(_url(report, "import_confirm"), {"token": token}, follow=True)
    assert "The workbook was imported: 2 entries changed." in confirmed.content.decode()
    first, second = (entry_state(entry) for entry in entries_of(report))
    assert first == {
        "status": "realised",
        "achievements": "Odprli smo tri centre.\nČakalna vrsta v Škofji Loki: žal še ni krajša.",
        "obstacles": "=SUM(1;2) ostane besedilo",
        "explanation": "2,5",
        "users_reached": "1234",
        "funding:ministry": "1234.5",
        f"value:{INDICATORS[0]}": "5",
    }
    assert second == {
        "status": "postponed",
        "achievements": "",
        "obstacles": "15. 3. 2017",
        "explanation": "Gradnja se je zamaknila.\nŽupan čaka soglasje.",
        "users_reached": "",
        "funding:municipalities": "250.5",
        f"value:{INDICATORS[1]}": "12.5",
    }


def test_a_workbook_saved_in_libreoffices_own_format_is_refused_with_how_to_save_it(
    client, report, staff, tmp_path
):
    data = _saved_by_libreoffice(report, "libreoffice-saved-as-ods.ods", tmp_path)
    client.force_login(staff)
    before = [entry_state(entry) for entry in entries_of(report)]
    response = client.post(_url(report), {"workbook": _upload(data, "porocilo.ods")})
    assert response.status_code == 400
    assert (
        "The file is an OpenDocument spreadsheet (.ods), LibreOffice&#x27;s own format. In "
        "LibreOffice choose File › Save As, file type “Excel 2007-365 (.xlsx)”"
    ) in response.content.decode()
    assert [entry_state(entry) for entry in entries_of(report)] == before
