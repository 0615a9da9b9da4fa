"""A yearly report's pages free what they built when the request is done.

Left in reference cycles, a page's entries, values and forty forms wait for Python's
cyclic garbage collector, and every few report pages one visitor waits for it to free
the others' (docs/performance.md). These tests fail if a page's data is left in a cycle.
"""

import copy
import gc
from collections import Counter
from contextlib import contextmanager

import pytest
from django.db import connection
from django.forms import BaseForm
from django.template import Context, engines
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from municipalities.models import Municipality, Region
from plans.models import EntryFunding, IndicatorValue, Programme, ReportEntry
from plans.progress import services
from plans.progress.forms import ReturnEntryForm
from rin_portal.prefetch import attach_prefetched

from .conftest import add_programme, entries_of, fill

PAGE_DATA = (ReportEntry, IndicatorValue, EntryFunding, Programme, BaseForm, Context)


@contextmanager
def collector_off():
    """Nothing is freed within but what reference counting frees: `gc.collect()` then
    returns how many objects only the cyclic collector would have freed."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _left_for_the_collector(client, url: str) -> Counter:
    """What a request for `url` leaves that only the cyclic collector would free, by type
    (the request itself, its user and session, are always among it)."""
    environ = client._base_environ(PATH_INFO=url)  # as client.get() builds it…
    with collector_off():
        gc.set_debug(gc.DEBUG_SAVEALL)
        try:
            response = client.handler(environ)  # …without the test client's own records
            assert response.status_code == 200
            del response
            gc.collect()
            # (type(), not isinstance(): that would evaluate the lazy objects among them)
            garbage = [type(o) for o in gc.garbage]
        finally:
            gc.set_debug(0)
            gc.garbage.clear()
    return Counter(kind.__name__ for kind in garbage if issubclass(kind, PAGE_DATA))


@pytest.fixture
def report(confirmed_plan, staff):
    """A filled 2017 report of four entries."""
    for n in range(3):
        add_programme(confirmed_plan, title=f"Program {n}")
    return fill(services.report_open(plan=confirmed_plan, year=2017, user=staff), staff)


@pytest.mark.parametrize("page", ["report", "grid"])
def test_the_report_and_its_grid_leave_nothing_for_the_collector(client, report, staff, page):
    client.force_login(staff)
    url = reverse(f"progress:{page}", args=[report.plan.slug, report.year])
    client.get(url)
    assert _left_for_the_collector(client, url) == Counter()


def test_the_review_leaves_nothing_for_the_collector(client, report, staff, member):
    services.report_submit(report=report, user=staff, version=report.version)
    client.force_login(member)
    url = reverse("progress:review", args=[report.plan.slug, report.year])
    client.get(url)
    assert _left_for_the_collector(client, url) == Counter()


def test_a_rendered_template_lets_go_of_its_context(rf, report):
    template = engines["django"].from_string(
        "{% for entry in entries %}{{ entry.programme.title }}; {% endfor %}"
    )
    request, entries = rf.get("/"), entries_of(report)
    with collector_off():
        html = template.render({"entries": entries}, request)
        del entries
        assert gc.collect() == 0, "the context stayed in a cycle"
    assert html.startswith("Medgeneracijski center; Program 0; ")


def test_a_form_with_its_rendered_fields_is_freed_at_once(report):
    [entry, *_] = entries_of(report)
    with collector_off():
        form = ReturnEntryForm(data={f"r{entry.pk}-reason": "Manjka opis."}, entry=entry)
        assert form.is_valid()
        html = str(form["reason"]) + str(form["part"])
        assert "Manjka opis." in html and form["reason"].form is form
        del form
        assert gc.collect() == 0, "the form stayed in a cycle with its bound fields"


def test_attached_rows_point_back_without_a_cycle(db):
    regions = list(Region.objects.order_by("code"))
    attach_prefetched(regions, "municipalities", Municipality.objects.order_by("name"), "region")
    gorenjska = regions[8]
    kranj = next(m for m in gorenjska.municipalities.all() if m.name == "Kranj")
    with CaptureQueriesContext(connection) as queries:
        assert kranj.region is gorenjska
    assert len(queries) == 0
    # A copy of the row keeps its region (Model.__getstate__ copies the cache).
    assert copy.copy(kranj).region is gorenjska
    with collector_off():
        del regions, gorenjska
        assert gc.collect() == 0, "the regions stayed in a cycle with their rows"
    # Its region gone, the row reads it afresh, as an unattached row would.
    with CaptureQueriesContext(connection) as queries:
        assert kranj.region.name == "Gorenjska"
    assert len(queries) == 1
