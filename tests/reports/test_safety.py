"""Hostile text: the PDF embeds nothing it names, and the renderer opens no file or socket."""

import multiprocessing
import socket
import tempfile
import urllib.request
from pathlib import Path

import pytest

from reports import pdf, rendering, services
from reports.rendering import stylesheet
from tests import builders

from .conftest import content, page_texts, reader, rendered

PASSWD = Path("/etc/passwd").read_text(encoding="utf-8").splitlines()[0]

HOSTILE = {
    "img": '<img src="file:///etc/passwd" alt="x">',
    "attachment": '<link rel="attachment" href="file:///etc/passwd">',
    "import": "<style>@import url(http://127.0.0.1:9/x);</style>",
    "svg": (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="40" height="40"><title>t</title>'
        '<image href="http://127.0.0.1:9/y.png" width="20" height="20"/>'
        '<image xlink:href="file:///etc/passwd" width="20" height="20"/></svg>'
    ),
    "svg_in_data_uri": (
        '<img alt="svg" src="data:image/svg+xml,%3Csvg xmlns=\'http://www.w3.org/2000/svg\' '
        "width='9' height='9'%3E%3Cimage href='file:///etc/passwd' width='9' height='9'/%3E"
        '%3C/svg%3E">'
    ),
}
URLS = {
    "img": ["file:///etc/passwd"],
    "attachment": ["file:///etc/passwd"],
    "import": ["http://127.0.0.1:9/x"],
    "svg": ["http://127.0.0.1:9/y.png", "file:///etc/passwd"],
    "svg_in_data_uri": ["file:///etc/passwd"],
}


@pytest.fixture
def connections(monkeypatch):
    """Every attempt to open a connection in this process, recorded and refused."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("no network in tests")

    monkeypatch.setattr(socket.socket, "connect", lambda self, *a: refuse(*a))
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    return attempts


def _page(body: str) -> str:
    return f'<!DOCTYPE html><html lang="sl"><head><title>T</title></head><body><p>Besedilo</p>{body}</body></html>'


@pytest.mark.parametrize("name", HOSTILE)
def test_renderer_fetches_none_of_it_and_opens_no_connection(name, connections):
    result = pdf.html_to_pdf(pdf.PdfJob(html=_page(HOSTILE[name]), stylesheet=stylesheet()))
    document = reader(result.content)
    assert sorted(result.refused_urls) == sorted(URLS[name])
    assert connections == []
    assert document.attachments == {}
    assert "/EmbeddedFiles" not in document.trailer["/Root"].get("/Names", {})
    assert all(PASSWD not in text for text in page_texts(document))
    # No image made it in either: the only XObjects would be the refused images.
    for page in document.pages:
        assert not page["/Resources"].get("/XObject")


def test_renderer_in_its_child_process_refuses_all_of_it_at_once():
    result = pdf.render_in_child(
        pdf.PdfJob(html=_page("".join(HOSTILE.values())), stylesheet=stylesheet()),
        timeout=60,
        memory_mb=500,
    )
    assert set(result.refused_urls) == {url for urls in URLS.values() for url in urls}
    assert result.blocked == []  # the child's guard had nothing left to stop
    assert reader(result.content).attachments == {}


def _try_the_forbidden(connection, tmp):
    pdf._guard(tmp)
    outcomes = []
    for attempt in (
        lambda: open("/etc/passwd").read(),  # noqa: SIM115
        lambda: socket.create_connection(("127.0.0.1", 9), timeout=1),
        lambda: open(Path(tmp) / "scratch", "w").write("ok"),  # noqa: SIM115
    ):
        try:
            attempt()
            outcomes.append("allowed")
        except PermissionError:
            outcomes.append("refused")
        except OSError:
            outcomes.append("failed")
    connection.send((outcomes, list(pdf.BLOCKED)))


def test_the_render_process_guard_stops_files_and_sockets_whatever_asks():
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    with tempfile.TemporaryDirectory() as tmp:
        process = context.Process(target=_try_the_forbidden, args=(sender, tmp))
        process.start()
        outcomes, blocked = receiver.recv()
        process.join(10)
    assert outcomes == ["refused", "refused", "allowed"]
    assert blocked[0] == "open /etc/passwd" and blocked[1].startswith("socket.")


def test_hostile_plan_text_is_printed_as_text(demo):
    plan = demo["rin-gorenjska-2017-2020"]
    chapter = plan.chapters.first()
    chapter.body = "\n\n".join(HOSTILE.values()) + (
        "\n\n![slika](file:///etc/passwd) [povezava](javascript:alert(1))"
    )
    chapter.save(update_fields=["body"])
    builders.make_programme(
        plan, title='<script>alert("x")</script> Program', description=HOSTILE["img"]
    )
    document = rendered(
        services.document_request_plan(user=None, plan=plan, format="pdf", audience="working")
    )
    assert document.status == "ready", document.error
    data = reader(content(document))
    text = " ".join(page_texts(data))
    assert '<img src="file:///etc/passwd" alt="x">' in text
    assert "@import url(http://127.0.0.1:9/x);" in text
    assert '<script>alert("x")</script> Program' in text
    assert PASSWD not in text
    assert data.attachments == {}
    # Escaped and sanitised, the text never even reached the fetcher.
    result = pdf.render_in_child(rendering.pdf_job(document), timeout=60, memory_mb=500)
    assert result.refused_urls == [] and result.blocked == []


def test_a_hostile_title_stays_text_in_the_running_header(demo):
    plan = demo["rin-gorenjska-2017-2020"]
    plan.title = '"; } @page { @top-left { content: url(http://127.0.0.1:9/t) } } x { content: "'
    plan.save(update_fields=["title"])
    document = services.document_request_plan(
        user=None, plan=plan, format="pdf", audience="working"
    )
    result = pdf.render_in_child(rendering.pdf_job(document), timeout=60, memory_mb=500)
    assert result.refused_urls == [] and result.blocked == []
    pages = page_texts(reader(result.content))
    assert "@top-left { content: url(http://127.0.0.1:9/t)" in pages[2]  # the running header


def test_text_that_looks_like_a_formula_stays_text_in_spreadsheets_and_csv():
    import datetime
    import io

    from openpyxl import load_workbook

    from reports.spreadsheets import workbook_bytes
    from reports.tables import Column, Table, to_csv

    formula = '=HYPERLINK("http://127.0.0.1:9/","klik")'
    table = Table(
        "programi", "Programi", [Column("Program"), Column("Število", "int")], [[formula, 5]]
    )
    workbook = load_workbook(
        io.BytesIO(workbook_bytes([table], title="T", created=datetime.datetime(2020, 1, 1)))
    )
    cell = workbook["programi"]["A2"]
    assert (cell.value, cell.data_type) == (formula, "s")
    assert workbook["programi"]["B2"].value == 5
    assert to_csv(table).decode("utf-8-sig").splitlines()[1].startswith("\"'=HYPERLINK")


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://127.0.0.1:9/","x")', "+1+2", "-3", "@SUM(A1)"]
)
def test_text_that_looks_like_a_formula_stays_text_when_the_cell_is_edited(text):
    """The quote prefix keeps Excel from computing it once someone edits the cell."""
    import datetime
    import io

    from openpyxl import load_workbook

    from reports.spreadsheets import workbook_bytes
    from reports.tables import Column, Table

    table = Table("programi", "Programi", [Column("Program"), Column("Opis")], [[text, "Opis"]])
    workbook = load_workbook(
        io.BytesIO(workbook_bytes([table], title="T", created=datetime.datetime(2020, 1, 1)))
    )
    cell = workbook["programi"]["A2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
    assert workbook["programi"]["B2"].quotePrefix is False
