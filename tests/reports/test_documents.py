"""Each kind of document, read back from the PDF a reader would download."""

import io
import itertools
import re
import subprocess
import zipfile

import pytest
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from PIL import Image

from .conftest import page_texts, reader, toc_entries

# Database tests run before those that empty the database (the browser tests).
pytestmark = pytest.mark.django_db


def sl(text: str, **values) -> str:
    """The text as the Slovenian document shows it (whatever the catalogue holds)."""
    with translation.override("sl"):
        return _(text) % values if values else _(text)


def _is_marked_and_tagged(pdf) -> bool:
    root = pdf.trailer["/Root"]
    return bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root


def _fonts(pdf) -> set[tuple[str, bool]]:
    """(font name, is the project's DejaVu embedded) of every font the pages use."""
    dejavu = "DejaVu Sans".encode("utf-16-be")
    fonts = set()
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            program = descendant["/FontDescriptor"]["/FontFile2"].get_object().get_data()
            fonts.add((str(font["/BaseFont"]).split("+")[-1], dejavu in program))
    return fonts


def test_rin_document_has_cover_contents_chapters_and_numbered_pages(demo_documents):
    title, page_count, data = demo_documents["rin"]
    pdf = reader(data)
    pages = page_texts(pdf)
    assert len(pdf.pages) == page_count > 10
    assert "Regijski izvedbeni načrt na področju socialnega varstva 2014–2016" in pages[0]
    assert sl("Contents") in pages[1]
    for number in (3, page_count):
        assert sl("page %(page)s of %(pages)s", page=number, pages=page_count) in pages[number - 1]
    # Chapters in order, then the standard parts and the annex.
    labels = [label for label, _page in toc_entries(pdf.pages[1], sl("Contents"))]
    assert labels[0] == "1. Uvod in pravna podlaga"
    assert f"5. {sl('Areas of unmet need')}" in labels
    assert f"6. {sl('Priority programmes')}" in labels
    assert "3.1 Medgeneracijski centri (primer)" in labels
    assert labels[-1] == sl("Annex: coordination group")


def test_table_of_contents_page_numbers_are_where_the_chapters_start(demo_documents):
    _title, _pages, data = demo_documents["rin"]
    pdf = reader(data)
    pages = page_texts(pdf)
    entries = toc_entries(pdf.pages[1], sl("Contents"))
    assert len(entries) >= 12
    # Each entry links to its chapter; the printed number is the page the link leads to.
    targets = []
    for annotation in pdf.pages[1]["/Annots"]:
        name = str(annotation.get_object()["/Dest"])
        if name not in targets:
            targets.append(name)
    assert len(targets) == len(entries)
    for (label, number), name in zip(entries, targets, strict=True):
        page = pdf.get_destination_page_number(pdf.named_destinations[name]) + 1
        assert page == number, f"{label!r} is printed as page {number} but starts on {page}"
        assert label in pages[number - 1]


def test_documents_are_tagged_pdf_ua_in_slovenian_with_embedded_dejavu(demo_documents):
    for name in ("rin", "strategy", "yearly", "national"):
        title, _pages, data = demo_documents[name]
        pdf = reader(data)
        root = pdf.trailer["/Root"]
        assert _is_marked_and_tagged(pdf), name
        assert root["/Lang"] == "sl"
        assert pdf.metadata.title == title
        assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()
        fonts = _fonts(pdf)
        # The vendored DejaVu files, embedded under the stylesheet's family names.
        assert fonts and all(name.startswith("RIN-Sans") and dejavu for name, dejavu in fonts)


def test_headings_go_down_one_level_at_a_time(demo_documents):
    """A screen reader's outline of a PDF: no heading skips a level (an H3 programme
    followed by H5 parts read as a gap)."""
    for name in ("rin", "strategy", "yearly", "national"):
        levels = [
            int(tag[2])
            for tag in _tags_in_order(reader(demo_documents[name][2]))
            if re.fullmatch(r"/H[1-6]", tag)
        ]
        jumps = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
        assert levels and jumps == [], (name, jumps)


def _tags_in_order(pdf) -> list[str]:
    tags = []

    def visit(element):
        tags.append(str(element.get("/S", "")))
        kids = element.get("/K")
        for kid in kids if isinstance(kids, list) else [] if kids is None else [kids]:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict) and kid.get("/Type") in (None, "/StructElem"):
                visit(kid)

    visit(pdf.trailer["/Root"]["/StructTreeRoot"].get_object())
    return tags


def test_programme_table_repeats_its_header_on_every_page(db, demo):
    from reports import services
    from tests import builders

    from .conftest import rendered

    plan = demo["rin-gorenjska-2017-2020"]
    area = plan.areas.first()
    for n in range(14):
        builders.make_programme(plan, area=area, title=f"Dodatni program {n}", position=10 + n)
    document = rendered(
        services.document_request_plan(user=None, plan=plan, format="pdf", audience="working")
    )
    with document.file.open("rb") as stored:
        pages = page_texts(reader(stored.read()))
    caption = sl("Overview of priority programmes")
    table_pages = [
        n
        for n, text in enumerate(pages)
        if "Dodatni program" in text and sl("Funding source") in text
    ]
    assert caption in pages[table_pages[0]]
    assert len(table_pages) >= 2
    for n in table_pages:
        assert sl("Activities") in pages[n] and sl("Timeframe") in pages[n]


def test_strategy_keeps_its_seven_parts_with_the_measures_in_part_five(demo_documents):
    _title, _pages, data = demo_documents["strategy"]
    pdf = reader(data)
    pages = page_texts(pdf)
    labels = [
        label for page in pdf.pages[1:3] for label, _page in toc_entries(page, sl("Contents"))
    ]
    parts = [
        label
        for label in labels
        if label[:2] in {f"{n}." for n in range(1, 10)} and label[2] == " "
    ]
    assert [part.split(".")[0] for part in parts] == ["1", "2", "3", "4", "5", "6", "7"]
    assert f"5.2 {sl('Measures')}" in labels
    assert f"5.3 {sl('Funding by source and year')}" in labels
    assert labels[-1] == sl("Annex: working group")
    assert sl("Adopted") in pages[0] and "Mestni svet Mestne občine Velenje" in pages[0]


def test_yearly_report_shows_statuses_values_chart_funds_and_stamps(demo_documents):
    _title, _pages, data = demo_documents["yearly"]
    pdf = reader(data)
    pages = page_texts(pdf)
    text = " ".join(pages)
    assert "2015" in pages[0]
    summary = next(p for p in pages if sl("Programmes by status") in p)
    assert f"{sl('In progress')} 5" in summary
    # The headline figures count every status, "not started" too: they add up.
    assert sl("not started") in summary
    # 1.1 Družinski center: baseline 40 (2013), target 160 (2016), achieved 120 in 2015.
    family = next(p for p in pages if "1.1 Družinski center Gorenjske" in p and "160 (2016)" in p)
    assert "40 (2013)" in family and "120" in family
    assert sl("Funds planned and used") in text
    assert "Tomaž Primer" in text and sl("approved").capitalize() in text  # "Odobreno"
    # The charts are figures with alternative text that names the indicator.
    figures = [
        element["/Alt"]
        for element in _structure_elements(pdf)
        if element.get("/S") == "/Figure" and "/Alt" in element
    ]
    assert any("Število družin, vključenih v svetovanje" in alt for alt in figures)


def test_public_yearly_report_leaves_out_what_only_the_group_may_see(demo_documents, demo):
    working = " ".join(page_texts(reader(demo_documents["yearly"][2])))
    public = " ".join(page_texts(reader(demo_documents["yearly_public"][2])))
    assert sl("Changed targets and their reasons") in working
    assert sl("Changed targets and their reasons") not in public
    opened = sl("opened").capitalize()  # the review steps, as the report page writes them
    assert opened in working and opened not in public


def test_national_overview_covers_regions_goals_reporting_and_indicators(demo_documents):
    _title, _pages, data = demo_documents["national"]
    pages = page_texts(reader(data))
    text = " ".join(pages)
    for heading in (
        "Plans by region",
        "Programmes by national goal",
        "Programmes by target group",
        "Reporting by region",
        "Comparable indicators",
    ):
        assert sl(heading) in text
    assert "Gorenjska" in text and "Savinjska" in text
    assert "Strategija razvoja socialnega varstva v Mestni občini Velenje 2014–2020" in text
    assert sl("Adopted") in text  # a strategy is adopted, as on the portal, not confirmed
    # Both Gorenjska RINs measure families in counselling: comparable across plans.
    assert "Število družin, vključenih v svetovanje" in text
    assert "otroci" in text  # a target group

    # "15 programov", not "15 programi": the headline figures in Slovenian plural forms.
    def slovenian(n: int, forms: tuple[str, str, str, str]) -> str:
        return forms[{1: 0, 2: 1, 3: 2, 4: 2}.get(n % 100, 3)]

    for word, forms in (
        ("načrt", ("načrt", "načrta", "načrti", "načrtov")),
        ("program", ("program", "programa", "programi", "programov")),
    ):
        number, label = re.search(rf"(\d+)\s+({word}\w*)", pages[1] + pages[2]).groups()
        assert label == slovenian(int(number), forms)


def test_archival_pdf_is_pdf_a_3b_with_the_data_as_csv(demo_documents):
    _title, _pages, data = demo_documents["national_archival"]
    pdf = reader(data)
    metadata = pdf.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in metadata and b'pdfaid:conformance="B"' in metadata
    assert _is_marked_and_tagged(pdf)
    attachments = pdf.attachments
    assert {"nacrti.csv", "porocanje.csv", "kazalniki.csv"} <= set(attachments)
    plans_csv = attachments["nacrti.csv"][0].decode("utf-8-sig")
    assert plans_csv.splitlines()[0].startswith(sl("Region"))
    assert "Regijski izvedbeni načrt na področju socialnega varstva 2014–2016" in plans_csv


def test_yearly_report_spreadsheet_has_slovenian_headers_and_typed_numbers(demo_documents):
    _title, _pages, data = demo_documents["yearly_xlsx"]
    assert zipfile.is_zipfile(io.BytesIO(data))
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["kazalniki"]
    headers = [cell.value for cell in sheet[1]]
    assert headers[2] == sl("Indicator") and headers[-1] == sl("Achieved in %(year)s", year=2015)
    row = next(
        r
        for r in sheet.iter_rows(min_row=2)
        if r[2].value == "Število družin, vključenih v svetovanje"
    )
    # A whole number without a decimal separator left over ("120," in Excel).
    assert row[-1].value == 120 and row[-1].number_format == "#,##0"
    funds = workbook["sredstva"]
    assert funds["D2"].number_format == "#,##0.00"


def test_spreadsheet_amounts_and_units_read_as_on_the_pages(demo_documents):
    """The header says EUR, so the cells add no € sign; a percentage reads "%", not
    "odstotek", as in the HTML and the PDF."""
    _title, _pages, data = demo_documents["yearly_xlsx"]
    workbook = load_workbook(io.BytesIO(data))
    funds = workbook["sredstva"]
    assert [cell.value for cell in funds[1]][3:] == [sl("Planned (EUR)"), sl("Used (EUR)")]
    amounts = [cell for row in funds.iter_rows(min_row=2, min_col=4) for cell in row]
    assert amounts and {cell.number_format for cell in amounts} == {"#,##0.00"}
    units = {row[2].value: row[3].value for row in workbook["kazalniki"].iter_rows(min_row=2)}
    assert units["Delež starejših od 65 let, ki prejemajo pomoč na domu"] == "%"
    assert units["Število medgeneracijskih centrov"] == "število"


def test_years_in_the_spreadsheet_are_not_grouped_like_counts(demo_documents):
    """2014 shows as 2014, not 2.014; a count of users keeps its thousands separator."""
    _title, _pages, data = demo_documents["yearly_xlsx"]
    workbook = load_workbook(io.BytesIO(data))
    indicators = workbook["kazalniki"]
    headers = [cell.value for cell in indicators[1]]
    for title in (sl("Baseline year"), sl("Target year")):
        column = headers.index(title)
        years = [row[column] for row in indicators.iter_rows(min_row=2) if row[column].value]
        assert years and all(cell.number_format == "0" for cell in years)
        assert all(2000 <= cell.value <= 2100 for cell in years)
    programmes = workbook["programi"]
    users = [cell.value for cell in programmes[1]].index(sl("Users reached"))
    assert programmes.cell(2, users + 1).number_format == "#,##0"


def test_a_page_turns_into_a_png_that_is_not_blank(demo_documents, tmp_path):
    _title, _pages, data = demo_documents["rin"]
    source = tmp_path / "rin.pdf"
    source.write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(source), str(tmp_path / "page")],
        check=True,
    )
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    assert image.size[1] > image.size[0]  # A4 portrait
    dark = sum(image.histogram()[:128])
    assert dark > 500


def _structure_elements(pdf):
    stack = [pdf.trailer["/Root"]["/StructTreeRoot"].get_object()]
    while stack:
        element = stack.pop()
        yield element
        kids = element.get("/K")
        if kids is None:
            continue
        kids = kids if isinstance(kids, list) else [kids]
        for kid in kids:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict) and kid.get("/Type") in (None, "/StructElem"):
                stack.append(kid)
