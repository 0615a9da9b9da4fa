"""Benchmark every main page: SQL queries, and p50/p95 latency against two baselines.

For each page, in one run and one process:
- queries: the SQL queries of one request (the same count is expected on the demo data
  and on the national data set: `generate_national_data`);
- page p50/p95: the whole request through Django's middleware, sessions and database;
- template p95: rendering the page's templates again, bare, from the contexts of a request
  already served, i.e. from data in memory (no queries). Every template the page renders
  from Python counts (a plan's body rendered in the view as well as the page around it),
  not only the outermost;
- from memory p95: the same request (same user, session and middleware), to a view that
  renders those templates from those contexts (at MEMORY_PREFIX + the page's address,
  signing in required as for the page). What the
  page costs beyond it is what its data costs: the queries and the work of turning rows
  into what the templates show. This is the baseline of the 1.5 × target ("rendering its
  template from data already in memory ... so the database adds at most half again");
- the garbage collector is tuned as in a web worker (`rin_portal/server.py`);
- trivial p95: the health view (`/zdravje/`), which touches neither database nor template;
- the page and its baselines are timed in turns, request by request, so that the machine
  slowing down or speeding up during the run weighs on all of them alike;
- for a page cached whole (`rin_portal/caching.py`): the page drawn (the content
  generation renewed before each request, as after a change elsewhere), and the page
  served from the cache, with its queries.

Targets (issue 6): at most 15 queries; page p95 within 1.5 × its from-memory p95; cached
pages within 3 × the trivial p95.

    python manage.py benchmark_pages --requests 200 --write docs/performance.md
"""

import gc
import platform
import statistics
import time
import types
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import re_path, resolve

from plans.models import Plan, YearlyReport
from rin_portal import generation
from rin_portal.server import tune_garbage_collector
from rin_portal.templating import Template

START, END = "<!-- benchmark_pages:start -->", "<!-- benchmark_pages:end -->"
TRIVIAL = "/zdravje/"  # the health view: neither database nor template


@dataclass
class Page:
    name: str
    url: str
    user: object | None
    cached: bool = False


@contextmanager
def _recording_renders():
    """Record every template rendered from Python (render(), render_to_string()) with its
    context; templates included by other templates render within them."""
    renders, original = [], Template.render

    def render(self, context=None, request=None):
        renders.append((self, dict(context or {})))
        return original(self, context, request)

    Template.render = render
    try:
        yield renders
    finally:
        Template.render = original


MEMORY_PREFIX = "benchmark-from-memory/"


class _FromMemory:
    """The view at MEMORY_PREFIX + a page's address: it renders the page's own templates
    from its own contexts, already in memory, as the page's view would render them. Signing
    in is required where the page's view requires it."""

    def __init__(self):
        self.renders, self.login_required = [], True

    def serve(self, url: str, renders: list) -> str:
        self.renders = renders
        self.login_required = getattr(resolve(url).func, "login_required", True)
        return f"/{MEMORY_PREFIX}{url.lstrip('/')}"

    def __call__(self, request, rest: str = "") -> HttpResponse:
        html = ""
        for template, context in self.renders:
            html = template.render(context, request)
        return HttpResponse(html)


def _memory_urlconf(view: _FromMemory) -> types.ModuleType:
    """The portal's URLconf, with `view` under MEMORY_PREFIX."""
    portal = import_module(settings.ROOT_URLCONF)
    module = types.ModuleType("benchmark_pages_memory_urls")
    module.urlpatterns = [re_path(rf"^{MEMORY_PREFIX}(?P<rest>.*)$", view), *portal.urlpatterns]
    return module


def _stale_statistics() -> list[str]:
    """The PostgreSQL tables of more than 1,000 rows that changed by a tenth or more since
    they were last analyzed: autovacuum analyzes them then, so a live database has their
    statistics, but a machine with autovacuum off does not."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_stat_user_tables WHERE n_live_tup > 1000 "
            "AND n_mod_since_analyze > n_live_tup / 10 ORDER BY relname"
        )
        return [name for (name,) in cursor.fetchall()]


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered) * 1000, p95 * 1000


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=100)
        parser.add_argument("--write", type=Path, help="Write the table into this Markdown file.")
        parser.add_argument(
            "--only",
            action="append",
            default=[],
            help="Measure only the pages whose name holds this text (repeatable; the "
            "trivial view is always measured). For looking at a page while changing it: "
            "docs/performance.md holds full runs only.",
        )

    def handle(self, *args, requests: int, write: Path | None, only: list[str], **options):
        pages = self._pages()
        if only:
            if write:
                raise CommandError("--only measures some pages: it does not --write.")
            pages = [p for p in pages if p.url == TRIVIAL or any(o in p.name for o in only)]
        if stale := _stale_statistics():
            self.stderr.write(
                "The query planner's statistics are missing or stale for "
                f"{', '.join(stale)} (is autovacuum off?): run `vacuumdb --analyze-only`, "
                "or these figures measure query plans no live database uses."
            )
        thresholds = gc.get_threshold()
        tune_garbage_collector()  # as the WSGI application does in every web worker
        rows, from_memory = [], _FromMemory()
        try:
            with override_settings(
                ALLOWED_HOSTS=["testserver"], ROOT_URLCONF=_memory_urlconf(from_memory)
            ):
                for page in pages:
                    rows.append(self._measure(page, requests, from_memory))
        finally:
            gc.unfreeze()
            gc.set_threshold(*thresholds)
        lines = self._table(rows)
        for line in lines:
            self.stdout.write(line)
        if write:
            self._write(write, lines, requests)

    def _pages(self) -> list[Page]:
        User = get_user_model()
        plan = (
            Plan.objects.filter(slug__startswith="nacionalni-niz")
            .order_by("-first_year", "slug")
            .first()
            or Plan.objects.filter(slug="rin-gorenjska-2014-2016").first()
        )
        if plan is None:
            raise CommandError("No data: load the demo data or generate_national_data first.")
        region = plan.scope_region
        national = plan.slug.startswith("nacionalni-niz")

        def member_of(region):
            return User.objects.get(
                username=f"nacionalni-niz-{region.slug}-0" if national else "demo-clan"
            )

        def staff_of(region):
            return User.objects.get(
                username=f"nacionalni-niz-{region.slug}-20" if national else "demo-csd"
            )

        member, staff = member_of(region), staff_of(region)
        # A plan being written: its body is drawn for every request of its editors.
        draft = (
            Plan.objects.filter(status=Plan.Status.DRAFT, region=region).order_by("slug").first()
        )
        reviewer = User.objects.get(
            username="nacionalni-niz-ministrstvo-0" if national else "demo-ministrstvo"
        )
        report = YearlyReport.objects.filter(plan=plan).order_by("-year").first()
        programme = plan.programmes.order_by("position", "id").first()
        pages = [
            Page("trivial view", TRIVIAL, None),
            Page("home", "/", None, cached=True),
            Page("region (public)", f"/regije/{region.slug}/", None, cached=True),
            Page("plan (public)", f"/regije/{region.slug}/{plan.slug}/", None, cached=True),
            Page("plan (reviewer)", plan.get_absolute_url(), reviewer, cached=True),
            Page("plan (member)", plan.get_absolute_url(), member, cached=True),
            *(
                [
                    Page(
                        "draft plan (member, editing)",
                        draft.get_absolute_url(),
                        member,
                        cached=True,
                    )
                ]
                if draft is not None
                else []
            ),
            Page("programme", f"{plan.get_absolute_url()}programi/{programme.pk}/", member),
            Page("plan history", f"{plan.get_absolute_url()}zgodovina/", member),
            Page("plans list", "/nacrti/", member),
            Page("yearly reports dashboard (reviewer)", "/letna-porocila/", reviewer, cached=True),
            Page("plan's yearly reports", f"{plan.get_absolute_url()}porocila/", staff),
        ]
        if report is not None:
            pages.append(
                Page("yearly report", f"{plan.get_absolute_url()}porocila/{report.year}/", staff)
            )
        # The grid of a report being filled and the review of a submitted one (in the
        # national data set: the last year of the newer plans, as in a deadline week).
        reports = YearlyReport.objects.select_related(
            "plan__region", "plan__municipality__region"
        ).filter(plan__slug__startswith="nacionalni-niz" if national else "")
        for name, statuses, suffix, user_of in (
            ("yearly report grid", ["draft", "returned"], "uredi/", staff_of),
            ("yearly report review", ["submitted"], "pregled/", member_of),
        ):
            found = reports.filter(status__in=statuses).order_by("plan__slug", "year").first()
            if found is not None:
                url = f"{found.plan.get_absolute_url()}porocila/{found.year}/{suffix}"
                pages.append(Page(name, url, user_of(found.plan.scope_region)))
        pages.append(Page("documents (reviewer)", "/dokumenti/", reviewer))
        return pages

    def _measure(self, page: Page, requests: int, from_memory: _FromMemory) -> dict:
        cache.clear()
        client = Client()
        if page.user is not None:
            client.force_login(page.user)
        # A cached page is also measured as drawn: the content generation renewed
        # before each request (outside the timing), as after a change elsewhere (of
        # content: not of users, roles or reference data).
        renew = (
            (lambda: generation.bump(rows=(generation.CONTENT,))) if page.cached else (lambda: None)
        )
        for _ in range(3):  # warm: sessions, cookies, caches, compiled templates
            response = client.get(page.url)
        if response.status_code != 200:
            return {"name": page.name, "status": response.status_code}
        # One request to capture the page's queries, and its templates with their contexts.
        renew()
        with CaptureQueriesContext(connection) as queries, _recording_renders() as renders:
            response = client.get(page.url)
        query_count = len(queries)  # read now: a later request may reconnect and clear the log
        cached_queries = None
        if page.cached:
            with CaptureQueriesContext(connection) as queries:
                client.get(page.url)
            cached_queries = len(queries)
        reset_queries()
        row = {"name": page.name, "status": 200, "queries": query_count, "cached": page.cached}
        # Timed in turns, so that a machine slowing down or speeding up meanwhile weighs
        # on the page and on its baselines alike: the page (drawn), the page served from
        # the cache, the same request from memory, and the trivial view (as in its own
        # row: for a visitor without a session).
        runs = {"": (client, page.url, renew)}
        if page.cached:
            runs["cached_"] = (client, page.url, lambda: None)
        if renders:
            runs["memory_"] = (client, from_memory.serve(page.url, renders), renew)
        if page.url != TRIVIAL:
            runs["trivial_"] = (Client(), TRIVIAL, lambda: None)
        row |= self._time(runs, requests)
        if page.cached:
            row["cached_queries"] = cached_queries
        if renders:
            template_samples = []
            for _ in range(requests):
                started = time.perf_counter()
                for template, context in renders:
                    template.render(context, response.wsgi_request)
                template_samples.append(time.perf_counter() - started)
            row["template_p50"], row["template_p95"] = _percentiles(template_samples)
        return row

    @staticmethod
    def _time(runs: dict, requests: int) -> dict[str, float]:
        samples = {prefix: [] for prefix in runs}
        for _ in range(requests):
            for prefix, (client, url, before) in runs.items():
                before()
                started = time.perf_counter()
                client.get(url)
                samples[prefix].append(time.perf_counter() - started)
        found = {}
        for prefix, taken in samples.items():
            found[f"{prefix}p50"], found[f"{prefix}p95"] = _percentiles(taken)
        return found

    def _table(self, rows: list[dict]) -> list[str]:
        lines = [
            "| page | queries | p50 ms | p95 ms | template p95 ms | from memory p95 ms "
            "| page/memory | cached: queries | cached p95 ms | trivial p95 ms | cached/trivial "
            "| target met |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        ]
        for row in rows:
            if row.get("status") != 200:
                lines.append(f"| {row['name']} |{' – |' * 11} HTTP {row.get('status')} |")
                continue
            memory_p95 = row.get("memory_p95")
            vs_memory = row["p95"] / memory_p95 if memory_p95 else None
            cells = [
                row["name"],
                str(row["queries"]),
                f"{row['p50']:.2f}",
                f"{row['p95']:.2f}",
                f"{row['template_p95']:.2f}" if "template_p95" in row else "–",
                f"{memory_p95:.2f}" if memory_p95 else "–",
                f"{vs_memory:.2f}×" if vs_memory else "–",
            ]
            if row["name"] == "trivial view":
                cells += ["–", "–", "–", "–", "baseline"]
                lines.append("| " + " | ".join(cells) + " |")
                continue
            missed = []
            if row["queries"] > 15:
                missed.append("≤ 15 queries")
            if vs_memory is None or vs_memory > 1.5:
                missed.append("≤ 1.5× from memory")
            if row["cached"]:
                vs_trivial = row["cached_p95"] / row["trivial_p95"]
                if row["cached_queries"] > 15 or vs_trivial > 3:
                    missed.append("cached ≤ 3× trivial")
                cells += [
                    str(row["cached_queries"]),
                    f"{row['cached_p95']:.2f}",
                    f"{row['trivial_p95']:.2f}",
                    f"{vs_trivial:.2f}×",
                ]
            else:
                cells += ["–", "–", f"{row['trivial_p95']:.2f}", "–"]
            cells.append(f"no ({', '.join(missed)})" if missed else "yes")
            lines.append("| " + " | ".join(cells) + " |")
        return lines

    def _write(self, path: Path, lines: list[str], requests: int) -> None:
        machine = f"{platform.node()}, {platform.processor() or platform.machine()}, Python {platform.python_version()}"
        database = connection.vendor
        plans = Plan.objects.count()
        block = "\n".join(
            [
                START,
                f"Measured {time.strftime('%Y-%m-%d %H:%M')} on {machine}; database {database}, "
                f"{plans} plans; {requests} requests per page, in process (Django test client), "
                "each page timed in turns with its baselines, "
                f"garbage collector tuned as in a web worker (thresholds "
                f"{', '.join(map(str, settings.RIN_GC_THRESHOLDS))}).",
                "",
                *lines,
                END,
            ]
        )
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        if START in text and END in text:
            text = text[: text.index(START)] + block + text[text.index(END) + len(END) :]
        else:
            text = (text + "\n\n" if text else "") + block + "\n"
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"Written to {path}.")
