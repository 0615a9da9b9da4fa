"""Huge documents: refused with a clear message, or rendered within the time and memory limits."""

import pytest
from django.test import override_settings
from django.utils import translation
from django.utils.translation import gettext as _

from reports import pdf, services
from reports.rendering import stylesheet

from .conftest import content, reader, rendered

PARAGRAPH = (
    "Program zagotavlja strokovno podporo uporabnikom in njihovim svojcem v lokalnem okolju, "
    "povezuje izvajalce javne mreže z nevladnimi organizacijami in spremlja učinke. "
)


def _table(rows: int) -> str:
    lines = ["| Občina | Uporabniki | Opomba |", "| --- | --- | --- |"]
    lines += [f"| Občina {n} | {n * 3} | vrstica {n} |" for n in range(rows)]
    return "\n".join(lines)


def _html_table(rows: int) -> str:
    body = "".join(
        f"<tr><td>Vrstica {n}</td><td>{n}</td><td>{PARAGRAPH[:40]}</td></tr>" for n in range(rows)
    )
    return f'<html lang="sl"><body><table><tbody>{body}</tbody></table></body></html>'


def _request_with_chapter(plan, body: str):
    chapter = plan.chapters.first()
    chapter.body = body
    chapter.save(update_fields=["body"])
    return rendered(
        services.document_request_plan(user=None, plan=plan, format="pdf", audience="working")
    )


def test_a_ten_thousand_row_table_is_refused_with_a_clear_message(demo):
    document = _request_with_chapter(demo["rin-gorenjska-2017-2020"], _table(10_000))
    assert document.status == "failed"
    assert "10.0" in document.error and "8.000" in document.error
    assert not document.file


def test_a_megabyte_of_text_is_rendered_within_the_limits(demo):
    text = "\n\n".join([PARAGRAPH * 4] * (1024 * 1024 // len(PARAGRAPH * 4)))
    document = _request_with_chapter(demo["rin-gorenjska-2017-2020"], text)
    assert document.status == "ready", document.error
    assert document.page_count > 150
    assert len(reader(content(document)).pages) == document.page_count


@override_settings(RIN_DOCUMENT_MAX_TABLE_ROWS=100_000)
def test_a_render_over_the_memory_limit_is_stopped_with_a_clear_message(demo):
    with override_settings(RIN_RENDER_MEMORY_MB=220):
        document = _request_with_chapter(demo["rin-gorenjska-2017-2020"], _table(2500))
    assert document.status == "failed"
    assert "220 MB" in document.error
    # The worker survives: the next document renders.
    document = _request_with_chapter(demo["rin-gorenjska-2017-2020"], "Kratko besedilo.")
    assert document.status == "ready"


@override_settings(RIN_DOCUMENT_MAX_TABLE_ROWS=100_000, RIN_RENDER_TIMEOUT_SECONDS=1)
def test_a_render_over_the_time_limit_is_stopped_with_a_clear_message(demo):
    document = _request_with_chapter(demo["rin-gorenjska-2017-2020"], _table(2500))
    assert document.status == "failed"
    with translation.override(document.language):
        expected = _(
            "Preparing the document took longer than %(seconds)s seconds and was "
            "stopped. Please ask the administrators to prepare it for you."
        ) % {"seconds": 1}
    assert document.error == expected


def test_the_renderer_stops_at_its_time_limit():
    with pytest.raises(pdf.RenderTimeout):
        pdf.render_in_child(
            pdf.PdfJob(html=_html_table(3000), stylesheet=stylesheet()), timeout=1, memory_mb=500
        )


def test_the_renderer_stops_at_its_memory_limit():
    with pytest.raises(pdf.RenderOutOfMemory):
        pdf.render_in_child(
            pdf.PdfJob(html=_html_table(3000), stylesheet=stylesheet()), timeout=120, memory_mb=220
        )
