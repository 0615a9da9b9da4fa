"""Benchmark every main page: SQL queries, and p50/p95 latency against two baselines.

For each page, in one run and one process:
- queries: the SQL queries of one request (the same count is expected on the demo data
  and on the national data set: `generate_national_data`);
- page p50/p95: the whole request through Django's middleware, sessions and database;
- template p50/p95: rendering the page's template again from the context of a request
  already served, i.e. from data in memory (no queries);
- the garbage collector is tuned as in a web worker (`rin_portal/server.py`);
- trivial p95: the health view (`/zdravje/`), which touches neither database nor template;
- for a page cached whole (`rin_portal/caching.py`): the page drawn (the content
  generation renewed before each request, as after a change elsewhere), and the page
  served from the cache, with its queries.

Targets (issue 6): at most 15 queries; page p95 within 1.5 × its template p95; cached
pages within 3 × the trivial p95.

    python manage.py benchmark_pages --requests 200 --write docs/performance.md
"""

import platform
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries
from django.template.loader import get_template
from django.test import Client
from django.test.utils import (
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)

from plans.models import Plan, YearlyReport
from rin_portal import generation
from rin_portal.server import tune_garbage_collector

START, END = "<!-- benchmark_pages:start -->", "<!-- benchmark_pages:end -->"


@dataclass
class Page:
    name: str
    url: str
    user: object | None
    cached: bool = False


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered) * 1000, p95 * 1000


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=100)
        parser.add_argument("--write", type=Path, help="Write the table into this Markdown file.")

    def handle(self, *args, requests: int, write: Path | None, **options):
        pages = self._pages()
        tune_garbage_collector()  # as the WSGI application does in every web worker
        rows, trivial_p95 = [], None
        for page in pages:
            row = self._measure(page, requests)
            if page.name == "trivial view":
                trivial_p95 = row["p95"]
            rows.append(row)
        lines = self._table(rows, trivial_p95)
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
        reviewer = User.objects.get(
            username="nacionalni-niz-ministrstvo-0" if national else "demo-ministrstvo"
        )
        report = YearlyReport.objects.filter(plan=plan).order_by("-year").first()
        programme = plan.programmes.order_by("position", "id").first()
        pages = [
            Page("trivial view", "/zdravje/", None),
            Page("home", "/", None, cached=True),
            Page("region (public)", f"/regije/{region.slug}/", None, cached=True),
            Page("plan (public)", f"/regije/{region.slug}/{plan.slug}/", None, cached=True),
            Page("plan (reviewer)", plan.get_absolute_url(), reviewer, cached=True),
            Page("plan (member, editing)", plan.get_absolute_url(), member, cached=True),
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

    def _measure(self, page: Page, requests: int) -> dict:
        cache.clear()
        client = Client()
        if page.user is not None:
            client.force_login(page.user)
        # A cached page is also measured as drawn: the content generation renewed
        # before each request (outside the timing), as after a change elsewhere.
        renew = generation.bump if page.cached else (lambda: None)
        # One request with Django's test instrumentation, to capture the page's template,
        # context and queries; the timed requests run without it (it copies contexts).
        setup_test_environment()
        settings.ALLOWED_HOSTS = ["testserver"]
        try:
            for _ in range(3):  # warm: sessions, cookies, caches, compiled templates
                response = client.get(page.url)
            if response.status_code != 200:
                return {"name": page.name, "status": response.status_code}
            renew()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(page.url)
            query_count = len(queries)  # read now: a later request may reconnect and clear the log
            cached_queries = None
            if page.cached:
                with CaptureQueriesContext(connection) as queries:
                    client.get(page.url)
                cached_queries = len(queries)
        finally:
            teardown_test_environment()
            settings.ALLOWED_HOSTS = ["testserver"]
        reset_queries()
        row = {"name": page.name, "status": 200, "queries": query_count, "cached": page.cached}
        row["p50"], row["p95"] = self._time(client, page.url, requests, renew)
        if page.cached:
            row["cached_queries"] = cached_queries
            row["cached_p50"], row["cached_p95"] = self._time(
                client, page.url, requests, lambda: None
            )
        if response.templates:
            template = get_template(response.templates[0].name)
            context = (
                response.context[0].flatten()
                if hasattr(response.context, "__getitem__")
                else response.context.flatten()
            )
            request = response.wsgi_request
            template_samples = []
            for _ in range(requests):
                started = time.perf_counter()
                template.render(context, request)
                template_samples.append(time.perf_counter() - started)
            row["template_p50"], row["template_p95"] = _percentiles(template_samples)
        return row

    @staticmethod
    def _time(client, url: str, requests: int, before) -> tuple[float, float]:
        samples = []
        for _ in range(requests):
            before()
            started = time.perf_counter()
            client.get(url)
            samples.append(time.perf_counter() - started)
        return _percentiles(samples)

    def _table(self, rows: list[dict], trivial_p95: float | None) -> list[str]:
        lines = [
            "| page | queries | p50 ms | p95 ms | template p95 ms | page/template "
            "| cached: queries | cached p95 ms | cached/trivial | target met |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        ]
        for row in rows:
            if row.get("status") != 200:
                lines.append(f"| {row['name']} |{' – |' * 9} HTTP {row.get('status')} |")
                continue
            template_p95 = row.get("template_p95")
            vs_template = row["p95"] / template_p95 if template_p95 else None
            cells = [
                row["name"],
                str(row["queries"]),
                f"{row['p50']:.2f}",
                f"{row['p95']:.2f}",
                f"{template_p95:.2f}" if template_p95 else "–",
                f"{vs_template:.2f}×" if vs_template else "–",
            ]
            if row["name"] == "trivial view":
                cells += ["–", "–", "–", "baseline"]
            elif row["cached"]:
                vs_trivial = row["cached_p95"] / trivial_p95
                met = row["cached_queries"] <= 15 and vs_trivial <= 3
                cells += [
                    str(row["cached_queries"]),
                    f"{row['cached_p95']:.2f}",
                    f"{vs_trivial:.2f}×",
                    "yes" if met else "no (cached: ≤ 3× trivial)",
                ]
            else:
                met = row["queries"] <= 15 and vs_template is not None and vs_template <= 1.5
                cells += ["–", "–", "–", "yes" if met else "no (≤ 1.5× template)"]
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
