"""A returned report's documents: the group's working text says, on each returned entry,
why it came back and which part needs revision; the public text never does."""

import io

from openpyxl import load_workbook

from plans.progress import services as progress
from reports import selectors, services

from ..builders import fill, make_programme, return_first
from .conftest import content, page_texts, reader, rendered


def _returned(plan, staff, member):
    """A report of two programmes whose first entry came back: "Opišite delavnice."."""
    make_programme(plan, title="Dnevni center")
    report = progress.report_open(plan=plan, year=2017, user=staff)
    return return_first(fill(report, staff), staff, member)


def test_the_working_pdf_says_why_an_entry_came_back(confirmed_plan, staff, member):
    report = _returned(confirmed_plan, staff, member)
    document = services.document_request_yearly(
        user=staff, report=report, format="pdf", audience="working"
    )
    pages = page_texts(reader(content(rendered(document))))
    [returned] = [page for page in pages if page.startswith("1.1 Medgeneracijski center")]
    [other] = [page for page in pages if page.startswith("2.1 Dnevni center")]
    # Under the entry's heading, in Slovenian (the documents' language): the reason and
    # the part pointed at, not only the review's list of steps at the end.
    assert returned.startswith(
        "1.1 Medgeneracijski center Vrnjeno v dopolnitev: Opišite delavnice. "
        "Del, ki ga je treba dopolniti: Kaj je bilo storjeno Status"
    )
    assert "Vrnjeno v dopolnitev" not in other


def test_the_working_spreadsheet_has_the_reasons_beside_the_entries(confirmed_plan, staff, member):
    report = _returned(confirmed_plan, staff, member)
    document = services.document_request_yearly(
        user=staff, report=report, format="xlsx", audience="working"
    )
    sheet = load_workbook(io.BytesIO(content(rendered(document))))["programi"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][-2:] == ["Vrnjeno v dopolnitev", "Del, ki ga je treba dopolniti"]
    assert rows[1][2] == "Medgeneracijski center"
    assert rows[1][-2:] == ["Opišite delavnice.", "Kaj je bilo storjeno"]
    assert rows[2][-2:] == [None, None]


def test_the_public_text_of_a_report_leaves_the_reasons_out(confirmed_plan, staff, member):
    """The public reads only approved reports, whose returns approval cleared; were its
    text drawn while returned, it would still leave them out."""
    report = _returned(confirmed_plan, staff, member)
    data = selectors.yearly_report_data(report, audience="public")
    assert [entry["returned"] for entry in data["entries"]] == [None, None]
    assert "Opišite delavnice." not in str(data)
