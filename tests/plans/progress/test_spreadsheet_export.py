import datetime
import io
import zipfile
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from plans.models import Programme
from plans.progress import services
from plans.progress import spreadsheets as layout
from tests.builders import return_first

from .conftest import add_programme, complete_input, entries_of, fill

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).worksheets[0]


def _rows(sheet) -> list[list]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_the_report_is_one_row_per_programme_with_slovenian_headers(confirmed_plan, staff):
    add_programme(confirmed_plan)
    report = services.report_open(plan=confirmed_plan, year=2017, user=staff)
    fill(report, staff)
    sheet = _sheet(layout.report_workbook(report, entries_of(report)))
    rows = _rows(sheet)
    assert rows[0][:2] == ["Načrt", "RIN Gorenjska 2017–2020"]
    assert rows[2][:2] == ["Leto", 2017]
    header = rows[6]
    assert header[:6] == ["Šifra", "Št.", "Prioritetni program", "Področje", "Nosilec", "Status"]
    assert header[-4:] == ["Kazalnik 1", "Enota 1", "Ciljna vrednost 1", "Dosežena vrednost 1"]
    first, second = rows[7], rows[8]
    assert first[1:3] == ["1.1", "Medgeneracijski center"]
    assert first[5] == "V izvajanju"
    assert first[-4:] == ["Število centrov", "število", None, 4]  # no target for 2017
    assert second[-4:] == ["Delež: Dnevni center", "%", 50, 50]


def test_the_report_records_each_entrys_version_on_a_hidden_protected_sheet(report, staff):
    """For the import to tell a colleague's later save from the user's change."""
    from plans.progress.state import entry_state, fingerprint

    fill(report, staff)
    [entry] = entries_of(report)
    workbook = load_workbook(io.BytesIO(layout.report_workbook(report, [entry])))
    assert workbook.sheetnames == ["Poročilo 2017", "Različice"]
    versions = workbook["Različice"]
    assert versions.sheet_state == "hidden" and versions.protection.sheet
    assert versions["A1"].value.startswith("Podatki za uvoz") and "Ne spreminjajte" in (
        versions["A1"].value
    )
    assert _rows(versions)[2:] == [
        ["Vnos", "Program", "Različica", "Prstni odtis"],
        [entry.pk, entry.programme_id, 2, fingerprint(entry_state(entry))],
    ]


def test_numbers_are_numbers_with_formats(report, staff):
    [entry] = entries_of(report)
    services.report_save(
        report=report,
        user=staff,
        entries=[complete_input(entry, funding={"ministry": Decimal("1234.5")})],
    )
    sheet = _sheet(layout.report_workbook(report, entries_of(report)))
    funds = sheet.cell(8, layout.FIRST_INDICATOR_COL - len(layout.FUNDING_COLS) + 1)
    assert funds.value == 1234.5 and funds.number_format == "#,##0.00"
    achieved = sheet.cell(8, layout.FIRST_INDICATOR_COL + 4)
    assert achieved.value == 4 and achieved.number_format == "#,##0"


def test_the_status_column_refuses_a_status_not_on_its_list(report):
    """Excel and LibreOffice refuse another value only when the list shows its error
    message; without it they take any text, and only the import would object."""
    sheet = _sheet(layout.report_workbook(report, entries_of(report)))
    (statuses,) = sheet.data_validations.dataValidation
    assert str(statuses.sqref) == "F8"
    assert statuses.formula1 == '"Ni začeto,V izvajanju,Izvedeno,Preloženo,Opuščeno"'
    assert statuses.showErrorMessage and statuses.errorStyle in (None, "stop")
    assert (statuses.errorTitle, statuses.error) == ("Status", "Izberite status s seznama.")


HOSTILE = '=HYPERLINK("http://127.0.0.1:9/","klik")'


def _no_formulas(content: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet


def test_texts_that_look_like_formulas_are_written_as_text(confirmed_plan, staff):
    plan = confirmed_plan
    plan.title = "=1+1 načrt"
    plan.save(update_fields=["title"])
    Programme.objects.filter(plan=plan).update(title="@SUM(A1:A9)")
    report = services.report_open(plan=plan, year=2017, user=staff)
    [entry] = entries_of(report)
    services.report_save(
        report=report,
        user=staff,
        entries=[complete_input(entry, achievements=HOSTILE, obstacles="-2+3", explanation="+4")],
    )
    content = layout.report_workbook(report, entries_of(report))
    _no_formulas(content)
    sheet = _sheet(content)
    for coordinate, text in [
        ("B1", "=1+1 načrt"),
        ("C8", "@SUM(A1:A9)"),
        ("G8", HOSTILE),
        ("H8", "-2+3"),
        ("I8", "+4"),
    ]:
        cell = sheet[coordinate]
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
    assert sheet["F8"].quotePrefix is False  # other text as it was


def test_the_programme_table_writes_formula_like_texts_as_text(client, report, staff):
    Programme.objects.filter(plan=report.plan).update(title=HOSTILE)
    client.force_login(staff)
    response = client.get(reverse("progress:programmes_export", args=[report.plan.slug]))
    _no_formulas(response.content)
    cell = _sheet(response.content)["D7"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (HOSTILE, "s", True)


def test_staff_download_the_report(client, report, staff):
    client.force_login(staff)
    response = client.get(reverse("progress:export", args=[report.plan.slug, 2017]))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "letno-porocilo-rin-confirmed-2017.xlsx" in response["Content-Disposition"]
    assert _sheet(response.content).cell(8, 3).value == "Medgeneracijski center"


def test_export_of_a_draft_is_not_found_outside_the_scope(client, report, outsider):
    client.force_login(outsider)
    assert client.get(reverse("progress:export", args=[report.plan.slug, 2017])).status_code == 404


def test_export_rejects_post(client, report, staff):
    client.force_login(staff)
    assert client.post(reverse("progress:export", args=[report.plan.slug, 2017])).status_code == 405


def test_the_programme_table_has_targets_and_achieved_values_by_year(client, report, staff):
    fill(report, staff)
    client.force_login(staff)
    response = client.get(reverse("progress:programmes_export", args=[report.plan.slug]))
    assert response.status_code == 200
    rows = _rows(_sheet(response.content))
    header = rows[5]
    assert header[:4] == ["Šifra", "Št.", "Področje", "Prioritetni program"]
    assert header[10:] == [
        "Kazalnik 1",
        "Enota 1",
        "Izhodiščna vrednost 1",
        "Ciljna vrednost 1",
        "Dosežena vrednost 1 (2017)",
    ]
    assert rows[6][3] == "Medgeneracijski center"
    assert rows[6][9] == "Ministrstvo (MDDSZ): 1.000 EUR"
    assert rows[6][10:] == ["Število centrov", "število", 1, 4, 4]


def test_the_programme_table_is_for_those_who_follow_progress(client, report, member, outsider):
    url = reverse("progress:programmes_export", args=[report.plan.slug])
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(outsider)
    assert client.get(url).status_code == 403  # the plan is public, its progress is not
    client.force_login(member)
    assert client.get(url).status_code == 200


def test_a_control_character_pasted_into_a_title_does_not_break_the_spreadsheets(
    client, report, staff
):
    """Word's Shift+Enter is a vertical tab, which a workbook cannot hold: the
    spreadsheets leave it out instead of failing (the national overview's too)."""
    from plans.models import Plan
    from reports import spreadsheets as document_sheets
    from reports.tables import Column, Table

    Plan.objects.filter(pk=report.plan.pk).update(title="Regijski\x0bnačrt")
    client.force_login(staff)
    for name, args in [
        ("progress:programmes_export", [report.plan.slug]),
        ("progress:export", [report.plan.slug, 2017]),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert "Regijskinačrt" in [cell.value for row in sheet.iter_rows() for cell in row]
    table = Table("nacrti", "Načrti", [Column("Naslov")], [["Regijski\x0bnačrt"]])
    data = document_sheets.workbook_bytes(
        [table], title="Pregled\x0b", created=datetime.datetime(2026, 12, 3)
    )
    assert load_workbook(io.BytesIO(data)).worksheets[0]["A2"].value == "Regijskinačrt"


def test_a_strategys_programme_table_is_a_sheet_of_measures(client, strategy, velenje_staff):
    client.force_login(velenje_staff)
    response = client.get(reverse("progress:programmes_export", args=[strategy.slug]))
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["Ukrepi"]


def _returned_report(plan, staff, member):
    """A report of two programmes, submitted, whose first entry the group returned."""
    add_programme(plan)
    report = services.report_open(plan=plan, year=2017, user=staff)
    return return_first(fill(report, staff), staff, member)


def test_a_returned_report_says_beside_each_returned_entry_what_to_correct(
    client, confirmed_plan, staff, member
):
    """CSD staff who work offline in the workbook see the reviewer's reason and the part
    pointed at, on the returned entry's row, and a note above the table says where."""
    report = _returned_report(confirmed_plan, staff, member)
    client.force_login(staff)
    response = client.get(reverse("progress:export", args=[report.plan.slug, 2017]))
    rows = _rows(_sheet(response.content))
    assert rows[5] == [
        "Vrnjeno v dopolnitev",
        "1.1. Razlog je v stolpcu W »Vrnjeno v dopolnitev: razlog«, del vnosa, ki ga je "
        "treba popraviti, v stolpcu X »Vrnjeno v dopolnitev: del vnosa«.",
        *[None] * 22,
    ]
    header, returned, other = rows[7], rows[8], rows[9]
    assert header[21:] == ["Dosežena vrednost 1", *layout.RETURN_HEADERS]
    assert returned[2] == "Medgeneracijski center"
    assert returned[-2:] == ["Opišite delavnice.", "Kaj je bilo storjeno"]
    assert other[2] == "Dnevni center" and other[-2:] == [None, None]


def test_an_entry_returned_as_a_whole_says_so(confirmed_plan, staff, member):
    report = _returned_report(confirmed_plan, staff, member)
    first = entries_of(report)[0]
    first.returned_field = ""
    first.save(update_fields=["returned_field"])
    rows = _rows(_sheet(layout.report_workbook(report, entries_of(report))))
    assert rows[8][-2:] == ["Opišite delavnice.", "Cel vnos"]


def test_the_reasons_are_gone_once_the_report_is_approved(client, confirmed_plan, staff, member):
    """The public reads the approved report: no reviewer's reason, no return columns."""
    report = _returned_report(confirmed_plan, staff, member)
    services.report_submit(report=report, user=staff, version=report.version)
    services.report_approve(report=report, user=member, version=report.version)
    response = client.get(reverse("progress:export", args=[report.plan.slug, 2017]))
    assert response.status_code == 200
    cells = [cell for row in _rows(_sheet(response.content)) for cell in row]
    assert "Vrnjeno v dopolnitev" not in cells and "Opišite delavnice." not in cells
    assert not set(layout.RETURN_HEADERS) & set(cells)
