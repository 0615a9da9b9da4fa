"""Long PDFs assembled from parts read the same as rendered whole, tagged and linked."""

import re

import pytest
from django.test import override_settings
from django.utils import translation
from django.utils.translation import gettext as _

from plans.models import Plan
from reports import rendering, services
from tests import builders

from .conftest import page_texts, reader, toc_entries

WHOLE = {"RIN_DOCUMENT_ASSEMBLE_FROM_PARTS": 10**6, "RIN_DOCUMENT_ASSEMBLE_FROM_KB": 10**6}
ASSEMBLED = {"RIN_DOCUMENT_ASSEMBLE_FROM_PARTS": 0}


def sl(text: str, **values) -> str:
    with translation.override("sl"):
        return _(text) % values if values else _(text)


@pytest.fixture
def long_plan(demo) -> Plan:
    plan = demo["rin-gorenjska-2017-2020"]
    area = plan.areas.first()
    for n in range(10):
        builders.make_programme(plan, area=area, title=f"Dodatni program {n + 1}", position=10 + n)
    return plan


def _render(plan: Plan, mode: dict) -> rendering.Rendered:
    document = services.document_request_plan(
        user=None, plan=plan, format="pdf", audience="working"
    )
    with override_settings(**mode):
        assert rendering.should_assemble(document) == (mode is ASSEMBLED)
        return rendering.render(document)


def _structure(pdf):
    """(pages, struct parents of pages and links, parent-tree keys, pages the elements name)."""
    pages = {page.indirect_reference.idnum for page in pdf.pages}
    used = [page["/StructParents"] for page in pdf.pages]
    used += [
        annotation.get_object()["/StructParent"]
        for page in pdf.pages
        for annotation in page.get("/Annots", [])
    ]
    root = pdf.trailer["/Root"]["/StructTreeRoot"]
    keys = list(root["/ParentTree"]["/Nums"][::2])
    named = set()
    stack = [root["/K"][0].get_object()]
    while stack:
        element = stack.pop()
        if "/Pg" in element:
            named.add(element.raw_get("/Pg").idnum)
        kids = element.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict) and "/S" in kid:
                stack.append(kid)
    return pages, used, keys, named


def test_assembled_document_reads_exactly_like_the_whole_one(long_plan):
    whole = _render(long_plan, WHOLE)
    assembled = _render(long_plan, ASSEMBLED)
    assert assembled.parts_rendered > 3
    assert page_texts(reader(assembled.content)) == page_texts(reader(whole.content))
    assert assembled.page_count == whole.page_count == len(reader(assembled.content).pages)
    # The bookmarks are one tree, as in the whole document, and lead to the same pages.
    outline = _outline(reader(assembled.content))
    assert len(outline[1]) > 5, outline
    assert outline == _outline(reader(whole.content))


def _outline(pdf, items=None) -> list:
    """The bookmarks as nested lists of (title, page index)."""
    return [
        _outline(pdf, item)
        if isinstance(item, list)
        else (item.title, pdf.get_destination_page_number(item))
        for item in (pdf.outline if items is None else items)
    ]


def test_assembled_document_is_one_tagged_document_with_working_links(long_plan):
    rendered = _render(long_plan, ASSEMBLED)
    pdf = reader(rendered.content)
    root = pdf.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and root["/Lang"] == "sl"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert pdf.metadata.title == long_plan.title
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()
    pages, used, keys, named = _structure(pdf)
    assert sorted(used) == sorted(set(used)), "a parent-tree key is used twice"
    assert set(used) <= set(keys)
    assert named <= pages
    # The contents' links lead to the pages their numbers name.
    entries = toc_entries(pdf.pages[1], sl("Contents"))
    targets = []
    for annotation in pdf.pages[1]["/Annots"]:
        name = str(annotation.get_object()["/Dest"])
        if name not in targets:
            targets.append(name)
    assert len(entries) == len(targets) > 15
    for (label, number), name in zip(entries, targets, strict=True):
        assert pdf.get_destination_page_number(pdf.named_destinations[name]) + 1 == number, label


def test_every_page_but_the_cover_has_its_footer(long_plan):
    rendered = _render(long_plan, ASSEMBLED)
    pages = page_texts(reader(rendered.content))
    total = len(pages)
    assert sl("page %(page)s of %(pages)s", page=1, pages=total) not in pages[0]
    for number in range(2, total + 1):
        assert sl("page %(page)s of %(pages)s", page=number, pages=total) in pages[number - 1]


def test_after_one_programme_changes_only_its_parts_are_rendered_again(long_plan):
    first = _render(long_plan, ASSEMBLED)
    programme = long_plan.programmes.get(title="Dodatni program 7")
    programme.title = "Dodatni program 7 (spremenjen)"
    programme.save(update_fields=["title"])
    Plan.objects.filter(pk=long_plan.pk).update(revision=long_plan.revision + 1)
    long_plan.refresh_from_db()
    second = _render(long_plan, ASSEMBLED)
    # Its own group of pages, the overview table's, and the contents (twice) at most.
    assert second.parts_rendered <= 4
    # The others are reused. (The first assembly may render its contents twice: with
    # no page numbers of an earlier assembly to start from, its first guess can miss.)
    parts = first.parts_rendered + first.parts_reused
    assert second.parts_reused >= parts - 5
    assert second.parts_rendered + second.parts_reused in (parts, parts - 1)
    text = " ".join(page_texts(reader(second.content)))
    assert "Dodatni program 7 (spremenjen)" in text


def test_no_render_process_holds_more_than_the_memory_limit(long_plan):
    whole = _render(long_plan, WHOLE)
    assembled = _render(long_plan, ASSEMBLED)
    assert 0 < assembled.peak_memory_mb < whole.peak_memory_mb


def test_old_parts_are_pruned_and_rendered_again_when_needed(long_plan):
    import io
    import os
    import time

    from django.core.files.storage import default_storage
    from django.core.management import call_command

    first = _render(long_plan, ASSEMBLED)
    folders, _files = default_storage.listdir("document-parts")
    paths = [
        f"document-parts/{f}/{n}"
        for f in folders
        for n in default_storage.listdir(f"document-parts/{f}")[1]
    ]
    month_ago = time.time() - 40 * 24 * 3600
    for path in paths:
        os.utime(default_storage.path(path), (month_ago, month_ago))
    out = io.StringIO()
    call_command("prune_document_parts", "--days", "30", stdout=out)
    assert f"Deleted {len(paths)} document parts" in out.getvalue()
    again = _render(long_plan, ASSEMBLED)
    assert again.parts_reused == 0
    assert page_texts(reader(again.content)) == page_texts(reader(first.content))


def record_jobs(monkeypatch) -> list:
    """The jobs the part renderer runs from now on, recorded as it runs them."""
    from reports import assembly

    jobs = []
    render = assembly.PartRenderer._render

    def spy(self, path, job):
        jobs.append(job)
        return render(self, path, job)

    monkeypatch.setattr(assembly.PartRenderer, "_render", spy)
    return jobs


def test_a_long_table_rendered_in_pieces_reads_like_the_whole_one(long_plan, monkeypatch):
    """The overview of programmes is split where its pages began last time, each piece
    checked by a probe row; the result reads as the whole render does."""
    from reports import assembly

    monkeypatch.setattr(assembly, "PIECE_PAGES", 1)
    _render(long_plan, ASSEMBLED)
    programme = long_plan.programmes.get(title="Dodatni program 9")
    programme.title = "Dodatni program 9 (preimenovan)"
    programme.save(update_fields=["title"])
    Plan.objects.filter(pk=long_plan.pk).update(revision=long_plan.revision + 1)
    long_plan.refresh_from_db()
    jobs = record_jobs(monkeypatch)
    pieces = _render(long_plan, ASSEMBLED)
    whole = _render(long_plan, WHOLE)
    assert any(job.stop_at_probe for job in jobs), "the overview table was not rendered in pieces"
    assert pieces.parts_rendered <= 4
    assert page_texts(reader(pieces.content)) == page_texts(reader(whole.content))


def test_a_very_long_table_is_rendered_in_chunks_never_whole(long_plan, monkeypatch):
    """A table too long for one render process (the national overview's indicators) is
    rendered in chunks of rows from the first assembly on; nothing is lost between them."""
    from reports import assembly, pdf

    monkeypatch.setattr(assembly, "CHUNK_ROWS", 4)
    jobs = record_jobs(monkeypatch)
    assembled = _render(long_plan, ASSEMBLED)
    pages = [job.html for job in jobs]
    marked = [html.count(f"{pdf.ROW}=") for html in pages if f"{pdf.ROW}=" in html]
    assert len(marked) >= 4 and max(marked) <= 4  # 17 programmes, 4 rows a chunk
    assert not any(pdf.PROBE in html for html in pages)
    whole = _render(long_plan, WHOLE)

    # Every row of the overview is there, in order: its programme numbers and titles.
    def overview(content):
        text = " ".join(page_texts(reader(content)))
        return re.findall(r"\d\.\d+ Dodatni pro\S*\s?gram \d+", text)

    assert overview(assembled.content) == overview(whole.content)
    assert len(overview(assembled.content)) >= 20
