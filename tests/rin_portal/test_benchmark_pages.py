"""The page benchmark on the demo data: every page is served and measured against the
same request with its data already in memory. No timing is asserted here."""

import gc
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from rin_portal.management.commands import benchmark_pages

PAGES = [
    "trivial view",
    "home",
    "region (public)",
    "plan (public)",
    "plan (reviewer)",
    "plan (member)",
    "draft plan (member, editing)",
    "programme",
    "plan history",
    "plans list",
    "yearly reports dashboard (reviewer)",
    "plan's yearly reports",
    "yearly report",
    "yearly report grid",
    # No "yearly report review": the demo data holds no submitted report.
    "documents (reviewer)",
]


@pytest.fixture
def demo(db):
    with override_settings(DEMO_MODE=True):
        call_command("load_demo_data", stdout=io.StringIO())


def _rows(output: str) -> dict[str, list[str]]:
    rows = {}
    for line in output.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if line.startswith("| ") and cells[0] not in {"page", "---"}:
            rows[cells[0]] = cells[1:]
    return rows


def test_measures_every_main_page_on_the_demo_data(demo):
    out = io.StringIO()
    call_command("benchmark_pages", requests=3, stdout=out)
    rows = _rows(out.getvalue())
    assert list(rows) == PAGES
    for name, cells in rows.items():
        assert not any("HTTP" in cell for cell in cells), (name, cells)
        queries, p50, p95, template, memory = cells[:5]
        trivial = cells[8]
        assert int(queries) <= 15, name
        assert float(p50) > 0 and float(p95) >= float(p50)
        if name != "trivial view":
            assert float(template) > 0 and float(memory) > 0 and float(trivial) > 0, name


def test_the_baseline_renders_every_template_the_page_renders(demo):
    """The draft plan's editors get its body rendered in the view, and the page around it
    after: both count as the page's template work, in their order."""

    client = Client()
    client.force_login(get_user_model().objects.get(username="demo-clan"))
    with benchmark_pages._recording_renders() as renders:
        page = client.get("/nacrti/rin-gorenjska-2017-2020/")
    assert [template.template.name for template, _ in renders] == [
        "plans/includes/plan_body.html",
        "plans/plan_detail.html",
    ]
    # Served from memory: the same page, without the queries of its data.
    from_memory = benchmark_pages._FromMemory()
    urlconf = benchmark_pages._memory_urlconf(from_memory)
    url = from_memory.serve("/nacrti/rin-gorenjska-2017-2020/", renders)

    with override_settings(ROOT_URLCONF=urlconf), CaptureQueriesContext(connection) as queries:
        memory = client.get(url)
    assert memory.status_code == 200
    assert "Regijski izvedbeni načrt" in memory.content.decode()
    assert len(memory.content) == pytest.approx(len(page.content), abs=200)  # CSRF tokens
    assert not any("plans_" in query["sql"] for query in queries.captured_queries)


def test_writes_its_table_between_its_markers(demo, tmp_path):
    target = tmp_path / "performance.md"
    target.write_text(
        f"# Before\n\n{benchmark_pages.START}\nstale figures\n{benchmark_pages.END}\n\n# After\n",
        encoding="utf-8",
    )
    call_command("benchmark_pages", requests=2, write=target, stdout=io.StringIO())
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Before") and text.rstrip().endswith("# After")
    assert "stale figures" not in text and "| yearly report grid |" in text


def test_leaves_the_garbage_collector_as_it_found_it(demo):
    before = gc.get_threshold()
    call_command("benchmark_pages", requests=1, stdout=io.StringIO())
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_pages_that_need_signing_in_need_it_from_memory_too(demo, client):

    member = get_user_model().objects.get(username="demo-clan")
    client.force_login(member)
    with benchmark_pages._recording_renders() as renders:
        client.get("/letna-porocila/")
    client.logout()
    from_memory = benchmark_pages._FromMemory()
    with override_settings(ROOT_URLCONF=benchmark_pages._memory_urlconf(from_memory)):
        response = client.get(from_memory.serve("/letna-porocila/", renders))
    assert response.status_code == 302 and "/prijava/" in response["Location"]
