"""Importing a filled workbook: the preview, the confirmation, and every bad workbook."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from plans.models import ChangeRecord, ReportEntry
from plans.progress import imports, services
from plans.progress import spreadsheets as layout
from tests import builders

from .conftest import add_programme, entries_of, fill

HEADER_ROW, FIRST_ROW = 7, 8
STATUS, ACHIEVEMENTS, USERS = 6, 7, 10  # 1-based columns
FIRST_FUND = 11
INDICATOR = layout.FIRST_INDICATOR_COL + 1  # "Kazalnik 1"
ACHIEVED = INDICATOR + 3


@pytest.fixture
def filled(confirmed_plan, staff):
    """A filled 2017 report with two programmes."""
    add_programme(confirmed_plan)
    report = services.report_open(plan=confirmed_plan, year=2017, user=staff)
    return fill(report, staff)


def _workbook(report):
    return load_workbook(io.BytesIO(layout.report_workbook(report, entries_of(report))))


def _upload(workbook_or_bytes, name="porocilo.xlsx") -> SimpleUploadedFile:
    if isinstance(workbook_or_bytes, bytes):
        return SimpleUploadedFile(name, workbook_or_bytes)
    buffer = io.BytesIO()
    workbook_or_bytes.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def _preview(report, upload):
    return imports.preview(report, entries_of(report), upload)


def _state():
    return (
        list(ReportEntry.objects.order_by("pk").values_list("status", "achievements", "version")),
        ChangeRecord.objects.count(),
    )


# What an import changes ----------------------------------------------------------------


def test_an_unchanged_export_reimports_with_no_changes(filled):
    preview = _preview(filled, _upload(_workbook(filled)))
    assert not preview.has_errors
    assert preview.inputs == [] and preview.change_count == 0
    assert [row.label for row in preview.rows] == [
        "1.1 Medgeneracijski center",
        "2.1 Dnevni center",
    ]


def test_a_text_longer_than_a_cell_reimports_unchanged(filled):
    entry = entries_of(filled)[0]
    long_text = "Dolgo poročilo o izvajanju. " * 1500  # 42,000 characters
    ReportEntry.objects.filter(pk=entry.pk).update(achievements=long_text.strip())
    workbook = _workbook(filled)
    assert len(workbook.active.cell(FIRST_ROW, ACHIEVEMENTS).value) == layout.CELL_LIMIT
    preview = _preview(filled, _upload(workbook))
    assert not preview.has_errors and preview.inputs == []


def test_an_empty_report_reimports_with_no_changes(report):
    assert _preview(report, _upload(_workbook(report))).inputs == []


def test_the_preview_lists_row_by_row_what_changes(filled):
    workbook = _workbook(filled)
    sheet = workbook.active
    sheet.cell(FIRST_ROW, STATUS).value = "Izvedeno"
    sheet.cell(FIRST_ROW, ACHIEVEMENTS).value = "Odprli smo tri centre."
    sheet.cell(FIRST_ROW, ACHIEVED).value = 5
    sheet.cell(FIRST_ROW + 1, USERS).value = 120
    preview = _preview(filled, _upload(workbook))
    first, second = preview.rows
    assert [(c["label"], c["before"], c["after"]) for c in first.changes] == [
        ("Status", "In progress", "Realised"),
        ("What was done", "Odprli smo dva centra.", "Odprli smo tri centre."),
        ("Achieved value: Število centrov", "4", "5"),
    ]
    assert [(c["label"], c["after"]) for c in second.changes] == [("Users reached", "120")]
    assert len(preview.inputs) == 2


def test_confirming_saves_everything_at_once_with_history(filled, staff):
    workbook = _workbook(filled)
    workbook.active.cell(FIRST_ROW, ACHIEVEMENTS).value = "Odprli smo tri centre."
    preview = _preview(filled, _upload(workbook))
    services.report_save(report=filled, user=staff, entries=preview.inputs)
    entry = entries_of(filled)[0]
    assert entry.achievements == "Odprli smo tri centre."
    assert ChangeRecord.objects.filter(object_id=entry.pk, entity="plans.reportentry").count() == 2


def test_a_returned_reports_export_with_its_reasons_reimports_with_no_changes(
    client, filled, staff, member
):
    """The reasons' columns are the reviewer's, for reading: the import passes them by."""
    builders.return_first(filled, staff, member)
    workbook = _workbook(filled)
    # The note on the returned entries above the table moves the table a row down.
    assert workbook.active.cell(HEADER_ROW + 1, 1).value == layout.ID_HEADER
    before = _state()
    client.force_login(staff)
    response = client.post(_url(filled), {"workbook": _upload(workbook)})
    assert response.status_code == 200
    preview = response.context["preview"]
    assert not preview.has_errors and preview.inputs == [] and preview.change_count == 0
    assert _state() == before


def test_a_returned_entry_revised_offline_imports(filled, staff, member):
    builders.return_first(filled, staff, member)
    workbook = _workbook(filled)
    sheet = workbook.active
    sheet.cell(FIRST_ROW + 1, ACHIEVEMENTS).value = "Izvedli smo 12 delavnic."
    sheet.cell(FIRST_ROW + 1, sheet.max_column - 1).value = "Odgovor na razlog."  # ignored
    preview = _preview(filled, _upload(workbook))
    assert not preview.has_errors
    [row, _other] = preview.rows
    assert [(c["label"], c["after"]) for c in row.changes] == [
        ("What was done", "Izvedli smo 12 delavnic.")
    ]


# Bad workbooks: refused, with the problem and the row named, nothing saved -------------


def _refused(report, upload) -> str:
    before = _state()
    with pytest.raises(imports.ImportRefused) as refusal:
        _preview(report, upload)
    assert _state() == before
    return str(refusal.value)


def _row_errors(report, upload) -> list[str]:
    before = _state()
    preview = _preview(report, upload)
    assert preview.has_errors and _state() == before
    return [error for row in preview.rows for error in row.errors]


def test_wrong_columns_are_refused(filled):
    workbook = _workbook(filled)
    workbook.active.cell(HEADER_ROW, STATUS).value = "Stanje"
    message = _refused(filled, _upload(workbook))
    assert message == (
        "Wrong columns: column F in the header (row 7) is “Stanje”, the export has “Status”."
    )


def test_a_missing_column_is_refused(filled):
    workbook = _workbook(filled)
    workbook.active.delete_cols(ACHIEVEMENTS)
    assert "Wrong columns: column G in the header (row 7)" in _refused(filled, _upload(workbook))


def test_a_table_without_the_header_is_refused(filled):
    workbook = _workbook(filled)
    workbook.active.delete_rows(1, HEADER_ROW)
    assert "no header row" in _refused(filled, _upload(workbook))


def test_text_in_a_number_cell_is_an_error_of_its_row(filled):
    workbook = _workbook(filled)
    workbook.active.cell(FIRST_ROW + 1, FIRST_FUND).value = "približno 900"
    [error] = _row_errors(filled, _upload(workbook))
    assert error == "Cell K9 holds text (“približno 900”) where a number belongs."


def test_a_number_typed_as_text_is_read_as_the_grid_reads_it(filled):
    """A cell formatted as text, or a sheet edited where numbers are written otherwise."""
    workbook = _workbook(filled)
    workbook.active.cell(FIRST_ROW + 1, FIRST_FUND).value = "28.500,75"
    preview = _preview(filled, _upload(workbook))
    assert not preview.has_errors
    [row] = [row for row in preview.rows if row.changes]
    [change] = row.changes
    assert change["after"] == "28,500.75 EUR"  # as the preview shows it (in English here)


@pytest.mark.parametrize("column", [USERS, FIRST_FUND, ACHIEVED], ids=["users", "funds", "value"])
@pytest.mark.parametrize("number", [1e30, 1e300], ids=["float", "huge"])
def test_a_huge_number_is_an_error_of_its_cell(filled, column, number):
    workbook = _workbook(filled)
    workbook.active.cell(FIRST_ROW, column).value = number
    assert _row_errors(filled, _upload(workbook)) == [
        f"Cell {_letter(column)}8 has more than two decimal places or is too large."
    ]


@pytest.mark.parametrize("column", [USERS, FIRST_FUND, ACHIEVED], ids=["users", "funds", "value"])
@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("1e30", "Enter the number in full with digits 0–9: “1e30” has an exponent."),
        ("4E2", "Enter the number in full with digits 0–9: “4E2” has an exponent."),
        ("٤", "Enter digits 0–9 only: “٤” has other digits."),  # Arabic-Indic 4
        ("１２", "Enter digits 0–9 only: “１２” has other digits."),  # fullwidth 12
        ("3²", "Enter digits 0–9 only: “3²” has other digits."),
    ],
)
def test_a_number_typed_as_text_with_other_characters_than_0_to_9_is_an_error(
    filled, column, text, error
):
    """Python reads "٤", "１２" and "4E2" as numbers; in a text cell they are refused with
    what to type, not read as 4, 12 and 400."""
    workbook = _workbook(filled)
    workbook.active.cell(FIRST_ROW, column).value = text
    assert _row_errors(filled, _upload(workbook)) == [f"Cell {_letter(column)}8: {error}"]


def test_a_negative_amount_typed_with_the_minus_sign_is_read_as_a_negative(filled):
    """ "−900" copied from a page into a text cell is −900, refused as negative; not text."""
    workbook = _workbook(filled)
    workbook.active.cell(FIRST_ROW, FIRST_FUND).value = "−900"
    assert _row_errors(filled, _upload(workbook)) == [
        f"Cell {_letter(FIRST_FUND)}8: funds used cannot be negative."
    ]


def test_more_users_than_the_grid_takes_is_an_error(filled):
    workbook = _workbook(filled)
    workbook.active.cell(FIRST_ROW, USERS).value = 3_000_000_000
    assert _row_errors(filled, _upload(workbook)) == [
        "Cell J8 has more than two decimal places or is too large."
    ]


def test_an_export_with_texts_that_look_like_formulas_reimports_unchanged(filled, staff):
    """They were written as text, so they read back as text, not as formulas."""
    from .conftest import complete_input

    hostile = '=HYPERLINK("http://127.0.0.1:9/","klik")'
    entry = entries_of(filled)[0]
    services.report_save(
        report=filled,
        user=staff,
        entries=[complete_input(entry, achievements=hostile, obstacles="-", explanation="@x")],
    )
    preview = _preview(filled, _upload(_workbook(filled)))
    assert not preview.has_errors and preview.inputs == []


def test_a_formula_is_an_error_of_its_row(filled):
    workbook = _workbook(filled)
    workbook.active.cell(FIRST_ROW, ACHIEVED).value = "=2+2"
    [error] = _row_errors(filled, _upload(workbook))
    assert error.startswith(f"Cell {_letter(ACHIEVED)}8 holds a formula (=2+2)")


def test_merged_cells_are_refused(filled):
    workbook = _workbook(filled)
    workbook.active.merge_cells(
        start_row=FIRST_ROW, start_column=7, end_row=FIRST_ROW, end_column=8
    )
    assert _refused(filled, _upload(workbook)) == (
        "Cells G8:H8 are merged (row 8). Unmerge all merged cells and import again."
    )


def test_hidden_sheets_are_refused(filled):
    workbook = _workbook(filled)
    workbook.create_sheet("Zapiski").sheet_state = "hidden"
    assert "hidden sheets (“Zapiski”)" in _refused(filled, _upload(workbook))


def test_a_50_mb_file_is_refused_before_it_is_read(filled):
    message = _refused(filled, _upload(b"PK\x03\x04" + b"\x00" * (50 * 1024 * 1024)))
    assert message == "The file has 50.0 MB; a workbook may have at most 5 MB."


def test_a_zip_bomb_is_refused_before_it_is_unpacked(filled):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(60):
                member.write(b"\x00" * (1024 * 1024))
    assert len(buffer.getvalue()) < 1024 * 1024
    message = _refused(filled, _upload(buffer.getvalue()))
    assert "would unpack to 60 MB" in message and "zip bomb" in message


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.4 not a workbook", b"Status;Kaj je bilo storjeno\n", b""],
    ids=["pdf", "csv", "empty"],
)
def test_a_file_that_is_not_a_workbook_is_refused(filled, content):
    assert "not an Excel workbook" in _refused(filled, _upload(content))


def test_a_word_document_is_not_a_workbook(filled):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    assert "not an Excel workbook" in _refused(filled, _upload(buffer.getvalue(), "x.docx"))


def test_a_damaged_workbook_is_refused(filled):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<not-closed")
    assert "could not be read" in _refused(filled, _upload(buffer.getvalue()))


def test_a_sheet_with_thousands_of_rows_is_refused(filled):
    workbook = _workbook(filled)
    workbook.active.cell(6000, 1).value = 1
    assert "The sheet has 6000 rows" in _refused(filled, _upload(workbook))


def test_another_years_workbook_is_refused(filled):
    workbook = _workbook(filled)
    workbook.active.cell(3, 2).value = 2016
    assert _refused(filled, _upload(workbook)) == (
        "This workbook holds the report for 2016 (row 3), not for 2017."
    )


def test_an_unknown_programme_is_reported_never_created(filled):
    workbook = _workbook(filled)
    workbook.active.cell(FIRST_ROW + 1, 1).value = 999999
    errors = _row_errors(filled, _upload(workbook))
    assert errors == [
        "Row 9: the report has no programme with code 999999 (“2.1 Dnevni center”); import creates no programmes."
    ]


def test_a_code_of_unusual_digits_is_an_error_of_its_row(filled):
    workbook = _workbook(filled)
    workbook.active.cell(FIRST_ROW + 1, 1).value = "²"  # a digit to str.isdigit(), not a number
    errors = _row_errors(filled, _upload(workbook))
    assert errors == ["Row 9 has no programme code (“Šifra” in column A)."]


def test_an_unknown_indicator_is_reported_never_created(filled):
    workbook = _workbook(filled)
    workbook.active.cell(FIRST_ROW, INDICATOR).value = "Število novih centrov"
    assert _row_errors(filled, _upload(workbook)) == [
        "Row 8: the programme has no indicator “Število novih centrov”; import creates no indicators."
    ]


def test_a_value_that_does_not_fit_its_unit_is_an_error(filled):
    workbook = _workbook(filled)
    workbook.active.cell(FIRST_ROW + 1, ACHIEVED).value = 120  # a percentage
    [error] = _row_errors(filled, _upload(workbook))
    # Named as every other cell error is.
    assert error == (
        f"Cell {_letter(ACHIEVED)}9 (Delež: Dnevni center): A percentage lies between 0 and 100."
    )


def test_a_percentage_typed_with_a_percent_sign_is_read_as_shown(filled):
    """Excel turns "38 %" typed into a cell into 0.38 shown as 38 %: the user means 38."""
    workbook = _workbook(filled)
    cell = workbook.active.cell(FIRST_ROW + 1, ACHIEVED)  # a percentage indicator
    cell.value, cell.number_format = 0.385, "0.0%"
    preview = _preview(filled, _upload(workbook))
    assert not preview.has_errors
    [row] = [row for row in preview.rows if row.changes]
    assert [(c["label"], c["before"], c["after"]) for c in row.changes] == [
        ("Achieved value: Delež: Dnevni center", "50", "38.5")
    ]


def test_a_percent_sign_in_quotes_is_only_text_of_the_format(filled):
    workbook = _workbook(filled)
    cell = workbook.active.cell(FIRST_ROW + 1, ACHIEVED)
    cell.value, cell.number_format = 38, '0" %"'
    [row] = [row for row in _preview(filled, _upload(workbook)).rows if row.changes]
    assert [c["after"] for c in row.changes] == ["38"]


def test_a_number_excel_read_as_a_date_is_an_error_that_says_so(filled):
    """In a Slovenian Excel "3.5" typed into a General cell becomes the 3rd of May."""
    workbook = _workbook(filled)
    cell = workbook.active.cell(FIRST_ROW + 1, ACHIEVED)
    cell.value, cell.number_format = datetime.datetime(2026, 5, 3), "d.m.yyyy"
    [error] = _row_errors(filled, _upload(workbook))
    assert error == (
        f"Cell {_letter(ACHIEVED)}9 holds a date or time (05/03/2026) where a number belongs: "
        "the spreadsheet read what was typed as a date. Format the cell as a number and "
        "type the value again."
    )
    with translation.override("sl"):
        [error] = _row_errors(filled, _upload(workbook))
    assert "(3. 5. 2026)" in error


def test_an_unknown_status_is_an_error(filled):
    workbook = _workbook(filled)
    workbook.active.cell(FIRST_ROW, STATUS).value = "skoraj"
    [error] = _row_errors(filled, _upload(workbook))
    assert error.startswith("Cell F8 has the status “skoraj”; use one of: Ni začeto, V izvajanju")


def test_a_programme_twice_is_an_error(filled):
    workbook = _workbook(filled)
    sheet = workbook.active
    sheet.cell(FIRST_ROW + 1, 1).value = sheet.cell(FIRST_ROW, 1).value
    assert _row_errors(filled, _upload(workbook)) == ["Row 9 repeats the programme of row 8."]


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


# The views -----------------------------------------------------------------------------


def _url(report, name="import"):
    return reverse(f"progress:{name}", args=[report.plan.slug, report.year])


def _changed_upload(report):
    workbook = _workbook(report)
    workbook.active.cell(FIRST_ROW, ACHIEVEMENTS).value = "Uvoženo iz preglednice."
    return _upload(workbook)


def test_upload_shows_the_preview_and_saves_nothing(client, filled, staff):
    client.force_login(staff)
    before = _state()
    response = client.post(_url(filled), {"workbook": _changed_upload(filled)})
    assert response.status_code == 200
    assert "Uvoženo iz preglednice." in response.content.decode()
    assert response.context["confirm_form"] is not None
    assert _state() == before


def test_confirming_the_preview_imports_it(client, filled, staff):
    client.force_login(staff)
    preview = client.post(_url(filled), {"workbook": _changed_upload(filled)})
    token = preview.context["confirm_form"].initial["token"]
    response = client.post(_url(filled, "import_confirm"), {"token": token})
    assert response.status_code == 302
    assert entries_of(filled)[0].achievements == "Uvoženo iz preglednice."
    # The preview is used up.
    again = client.post(_url(filled, "import_confirm"), {"token": token}, follow=True)
    assert "expired or was already used" in again.content.decode()


def test_a_workbook_that_changes_many_entries_can_be_confirmed(client, confirmed_plan, staff):
    """The confirmation carries the version of every changed entry; forty fit."""
    from plans.models import Programme

    area = Programme.objects.get(plan=confirmed_plan).area
    for n in range(39):
        builders.make_programme(
            confirmed_plan, area=area, title=f"Program {n}", with_children=False
        )
    report = services.report_open(plan=confirmed_plan, year=2017, user=staff)
    workbook = _workbook(report)
    for row in range(FIRST_ROW, FIRST_ROW + 40):
        workbook.active.cell(row, ACHIEVEMENTS).value = "Uvoženo."
    client.force_login(staff)
    preview = client.post(_url(report), {"workbook": _upload(workbook)})
    token = preview.context["confirm_form"].initial["token"]
    response = client.post(_url(report, "import_confirm"), {"token": token}, follow=True)
    assert "The workbook was imported: 40 entries changed." in response.content.decode()
    assert {entry.achievements for entry in entries_of(report)} == {"Uvoženo."}


def test_a_change_after_the_preview_stops_the_import(client, filled, staff):
    client.force_login(staff)
    preview = client.post(_url(filled), {"workbook": _changed_upload(filled)})
    token = preview.context["confirm_form"].initial["token"]
    entry = entries_of(filled)[0]
    from .conftest import complete_input

    services.report_save(
        report=filled, user=staff, entries=[complete_input(entry, achievements="Kolega vmes.")]
    )
    response = client.post(_url(filled, "import_confirm"), {"token": token}, follow=True)
    assert "changed after your preview; nothing was imported" in response.content.decode()
    assert entries_of(filled)[0].achievements == "Kolega vmes."


def test_a_forged_token_is_refused(client, filled, staff):
    client.force_login(staff)
    response = client.post(_url(filled, "import_confirm"), {"token": "nekaj"}, follow=True)
    assert "expired or was already used" in response.content.decode()


def test_a_refused_workbook_shows_the_reason_on_the_form(client, filled, staff):
    client.force_login(staff)
    response = client.post(_url(filled), {"workbook": _upload(b"hello")})
    assert response.status_code == 400
    assert "not an Excel workbook" in response.content.decode()


def test_a_workbook_with_errors_cannot_be_confirmed(client, filled, staff):
    client.force_login(staff)
    workbook = _workbook(filled)
    workbook.active.cell(FIRST_ROW, USERS).value = "veliko"
    response = client.post(_url(filled), {"workbook": _upload(workbook)})
    assert response.status_code == 400
    assert "confirm_form" not in response.context
    assert "Cell J8 holds text" in response.content.decode()


def test_a_huge_number_of_users_is_shown_on_the_preview(client, filled, staff):
    client.force_login(staff)
    workbook = _workbook(filled)
    workbook.active.cell(FIRST_ROW, USERS).value = 1e30
    response = client.post(_url(filled), {"workbook": _upload(workbook)})
    assert response.status_code == 400
    assert "Cell J8 has more than two decimal places or is too large." in (
        response.content.decode()
    )


def test_confirm_rejects_get(client, filled, staff):
    client.force_login(staff)
    assert client.get(_url(filled, "import_confirm")).status_code == 405


def test_member_may_not_import(client, filled, member):
    client.force_login(member)
    assert client.get(_url(filled)).status_code == 403
    assert client.post(_url(filled), {"workbook": _changed_upload(filled)}).status_code == 403


def test_outsider_gets_404(client, filled, outsider):
    client.force_login(outsider)
    assert client.get(_url(filled)).status_code == 404


def test_text_lines_decimals_and_zero_survive_the_round_trip(confirmed_plan, staff):
    from decimal import Decimal

    from .conftest import complete_input

    add_programme(confirmed_plan)
    report = services.report_open(plan=confirmed_plan, year=2017, user=staff)
    first, second = entries_of(report)
    percent = second.programme.indicators.get()
    services.report_save(
        report=report,
        user=staff,
        entries=[
            complete_input(
                first,
                achievements="Prva vrstica.\nDruga vrstica: »navednice«, 50 % in €.",
                users_reached=0,
                funding={"ministry": Decimal("1234.56"), "eu_funds": Decimal("0")},
            ),
            complete_input(second, values={percent.pk: Decimal("33.33")}, explanation="Zamuda."),
        ],
    )
    preview = _preview(report, _upload(_workbook(report)))
    assert not preview.has_errors and preview.inputs == []


# Entries saved in the portal after the download ----------------------------------------


def _colleague_saves(report, user, text="Kolega je medtem dopisal."):
    """A colleague saves the first entry in the grid after the workbook was downloaded."""
    from .conftest import complete_input

    entry = entries_of(report)[0]
    services.report_save(
        report=report, user=user, entries=[complete_input(entry, achievements=text)]
    )


def test_a_row_left_as_downloaded_keeps_a_colleagues_later_save(filled, other_member):
    workbook = _workbook(filled)
    _colleague_saves(filled, other_member)
    workbook.active.cell(FIRST_ROW + 1, USERS).value = 120  # the user fills another row
    preview = _preview(filled, _upload(workbook))
    first, second = preview.rows
    assert first.kept and first.changes == [] and not first.conflict
    assert [(c["label"], c["after"]) for c in second.changes] == [("Users reached", "120")]
    assert [data.entry_id for data in preview.inputs] == [second.entry.pk]
    assert preview.conflicts == []


def test_a_row_changed_over_a_colleagues_later_save_is_a_conflict(filled, other_member):
    workbook = _workbook(filled)
    _colleague_saves(filled, other_member)
    workbook.active.cell(FIRST_ROW, ACHIEVEMENTS).value = "Moja različica."
    preview = _preview(filled, _upload(workbook))
    first, _second = preview.rows
    assert first.conflict and not preview.has_errors
    assert [(c["label"], c["before"], c["after"]) for c in first.changes] == [
        ("What was done", "Kolega je medtem dopisal.", "Moja različica.")
    ]
    assert preview.inputs == [] and [d.entry_id for d in preview.conflicts] == [first.entry.pk]


def test_a_workbook_from_before_the_versions_imports_as_before(filled, other_member):
    workbook = _workbook(filled)
    del workbook[layout.VERSIONS_SHEET]
    _colleague_saves(filled, other_member)
    workbook.active.cell(FIRST_ROW + 1, USERS).value = 120
    preview = _preview(filled, _upload(workbook))
    assert not preview.has_versions and preview.conflicts == []
    assert len(preview.inputs) == 2  # it cannot tell the colleague's save from a change


def test_a_row_the_versions_sheet_does_not_know_is_a_conflict(filled):
    """The versions sheet names every entry the workbook was drawn with: a row it does
    not know (its line removed by hand) is not saved unless the user chooses so."""
    workbook = _workbook(filled)
    versions = workbook[layout.VERSIONS_SHEET]
    first = entries_of(filled)[0]
    for row in versions.iter_rows():
        if row[0].value == first.pk:
            row[0].value = None
    workbook.active.cell(FIRST_ROW, ACHIEVEMENTS).value = "Moja različica."
    preview = _preview(filled, _upload(workbook))
    assert preview.rows[0].conflict and preview.inputs == []


def test_other_hidden_sheets_are_still_refused(filled):
    workbook = _workbook(filled)
    workbook.create_sheet("Zapiski").sheet_state = "hidden"
    message = _refused(filled, _upload(workbook))
    assert "hidden sheets (“Zapiski”)" in message and layout.VERSIONS_SHEET not in message


def test_the_preview_shows_both_versions_and_keeps_the_colleagues_by_default(
    client, filled, staff, other_member
):
    workbook = _workbook(filled)
    _colleague_saves(filled, other_member)
    workbook.active.cell(FIRST_ROW, ACHIEVEMENTS).value = "Moja različica."
    workbook.active.cell(FIRST_ROW + 1, USERS).value = 120
    client.force_login(staff)
    response = client.post(_url(filled), {"workbook": _upload(workbook)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "1 entry was saved in the portal after this workbook was downloaded" in page
    assert "Saved in the portal after the download" in page and "saved by Colleague" in page
    assert "Kolega je medtem dopisal." in page and "Moja različica." in page
    assert "Overwrite with the workbook's version" in page
    token = response.context["confirm_form"].initial["token"]
    confirmed = client.post(_url(filled, "import_confirm"), {"token": token}, follow=True)
    assert "The workbook was imported: 1 entry changed." in confirmed.content.decode()
    first, second = entries_of(filled)
    assert first.achievements == "Kolega je medtem dopisal." and second.users_reached == 120


def test_a_conflict_is_overwritten_only_when_the_user_ticks_it(client, filled, staff, other_member):
    workbook = _workbook(filled)
    _colleague_saves(filled, other_member)
    workbook.active.cell(FIRST_ROW, ACHIEVEMENTS).value = "Moja različica."
    client.force_login(staff)
    response = client.post(_url(filled), {"workbook": _upload(workbook)})
    token = response.context["confirm_form"].initial["token"]
    entry = entries_of(filled)[0]
    confirmed = client.post(
        _url(filled, "import_confirm"), {"token": token, "overwrite": [entry.pk]}, follow=True
    )
    assert "The workbook was imported: 1 entry changed." in confirmed.content.decode()
    assert entries_of(filled)[0].achievements == "Moja različica."


def test_confirming_without_ticking_a_conflict_imports_nothing(client, filled, staff, other_member):
    workbook = _workbook(filled)
    _colleague_saves(filled, other_member)
    workbook.active.cell(FIRST_ROW, ACHIEVEMENTS).value = "Moja različica."
    client.force_login(staff)
    response = client.post(_url(filled), {"workbook": _upload(workbook)})
    token = response.context["confirm_form"].initial["token"]
    before = _state()
    confirmed = client.post(_url(filled, "import_confirm"), {"token": token}, follow=True)
    assert "Nothing was imported: every entry keeps the version saved in the portal." in (
        confirmed.content.decode()
    )
    assert _state() == before


def test_only_a_row_shown_as_a_conflict_may_be_overwritten(client, filled, staff):
    client.force_login(staff)
    response = client.post(_url(filled), {"workbook": _changed_upload(filled)})
    token = response.context["confirm_form"].initial["token"]
    second = entries_of(filled)[1]
    before = _state()
    forged = {"token": token, "overwrite": [second.pk]}
    confirmed = client.post(_url(filled, "import_confirm"), forged, follow=True)
    assert "expired or was already used" in confirmed.content.decode()
    assert _state() == before


def test_a_workbook_from_before_the_versions_comes_with_a_note(client, filled, staff, other_member):
    workbook = _workbook(filled)
    del workbook[layout.VERSIONS_SHEET]
    workbook.active.cell(FIRST_ROW + 1, USERS).value = 120
    client.force_login(staff)
    response = client.post(_url(filled), {"workbook": _upload(workbook)})
    assert response.status_code == 200 and response.context["confirm_form"] is not None
    assert "This workbook was downloaded before the portal recorded" in (response.content.decode())
