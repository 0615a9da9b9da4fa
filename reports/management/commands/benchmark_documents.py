"""Measure the documents on a national-scale synthetic data set, then roll it back.

    python manage.py benchmark_documents [--programmes 40] [--regions 12]

Creates, inside a transaction that is rolled back at the end, one RIN per region with
`--programmes` programmes each (activities, two indicators with yearly targets,
funding by source and year, yearly reports with values), and prints for the large
plan, its yearly report and the national overview: pages, seconds per page, peak
memory of the render process, the cost of the full path against WeasyPrint alone on
the same HTML, the time to serve a stored document again, and the time until a fresh
document is ready after one programme changes. Stored files go to a temporary folder.
"""

import datetime
import gc
import os
import platform
import shutil
import tempfile
import time
from decimal import Decimal

import weasyprint
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from municipalities.models import Region
from plans.models import (
    Activity,
    Area,
    Chapter,
    EntryFunding,
    FundingLine,
    Goal,
    GroupMember,
    Indicator,
    IndicatorValue,
    IndicatorYearTarget,
    NationalGoal,
    NationalProgramme,
    Plan,
    Programme,
    ReportEntry,
    YearlyReport,
)
from providers.models import Provider
from reports import pdf, rendering, services
from reports.errors import DocumentError
from reports.models import Document
from rin_portal.models import Role

LOREM = (
    "Program zagotavlja strokovno podporo uporabnikom in njihovim svojcem v lokalnem okolju, "
    "povezuje izvajalce javne mreže z nevladnimi organizacijami in spremlja učinke z "
    "dogovorjenimi kazalniki. Izvajalci poročajo o doseženih vrednostih vsako leto."
)


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Benchmark PDF documents on a synthetic national data set (rolled back afterwards)."

    def add_arguments(self, parser):
        parser.add_argument("--programmes", type=int, default=40)
        parser.add_argument("--regions", type=int, default=12)

    def handle(self, *args, programmes: int, regions: int, **options):
        media = tempfile.mkdtemp(prefix="rin-benchmark-media-")
        self._machine()
        try:
            # The test client's host, so that downloads are measured through the whole stack.
            hosts = [*settings.ALLOWED_HOSTS, "testserver"]
            with override_settings(MEDIA_ROOT=media, ALLOWED_HOSTS=hosts), transaction.atomic():
                self._run(programmes, regions)
                raise Rollback
        except Rollback:
            self.stdout.write("Synthetic data rolled back.")
        finally:
            shutil.rmtree(media, ignore_errors=True)

    def _machine(self):
        cpu = platform.processor() or "?"
        if os.path.exists("/proc/cpuinfo"):
            with open("/proc/cpuinfo") as info:
                for line in info:
                    if line.startswith("model name"):
                        cpu = line.split(":", 1)[1].strip()
                        break
        memory = ""
        if os.path.exists("/proc/meminfo"):
            with open("/proc/meminfo") as info:
                memory = f", {int(info.readline().split()[1]) // 1024 // 1024} GB RAM"
        self.stdout.write(
            f"Machine: {cpu}, {os.cpu_count()} CPUs{memory}; Python {platform.python_version()}, "
            f"WeasyPrint {weasyprint.__version__}"
        )

    def _run(self, programmes: int, regions: int):
        started = time.perf_counter()
        plans = [
            _synthetic_plan(region, programmes, n)
            for n, region in enumerate(Region.objects.order_by("code")[:regions])
        ]
        self.stdout.write(
            f"Data: {len(plans)} plans × {programmes} programmes, created in "
            f"{time.perf_counter() - started:.1f} s; render processes at once: "
            f"{settings.RIN_RENDER_PROCESSES}, memory limit {settings.RIN_RENDER_MEMORY_MB} MB"
        )
        plan = plans[0]
        document = services.document_request_plan(
            user=None, plan=plan, format=Document.Format.PDF, audience="working"
        )
        self._measure("RIN document", document)
        document = services.document_render(document_id=document.pk)
        self._serve_again(document, _reviewer())
        self._after_change(plan)
        report = plan.yearly_reports.get(year=plan.first_year)
        self._measure(
            "Yearly report",
            services.document_request_yearly(
                user=None, report=report, format=Document.Format.PDF, audience="working"
            ),
        )
        self._measure(
            "National overview",
            services.document_request_national(user=None, format=Document.Format.PDF),
        )
        started = time.perf_counter()
        spreadsheet = services.document_request_national(user=None, format=Document.Format.XLSX)
        spreadsheet = services.document_render(document_id=spreadsheet.pk)
        self.stdout.write(
            f"National overview XLSX: {time.perf_counter() - started:.2f} s, {spreadsheet.size} bytes"
        )

    def _measure(self, label: str, document: Document) -> None:
        """The document rendered whole (one process) and assembled from parts (cold)."""
        job = rendering.pdf_job(document)
        alone = _weasyprint_alone(job)
        with override_settings(RIN_DOCUMENT_ASSEMBLE_FROM_PARTS=0):
            assembled = rendering.render(document)
        pages = assembled.page_count
        self.stdout.write(
            f"{label}: {pages} pages. WeasyPrint alone on the final HTML (no limits) "
            f"{alone:.2f} s ({alone / pages:.3f} s/page). Assembled from "
            f"{assembled.parts_rendered} parts: {assembled.seconds:.2f} s "
            f"({assembled.seconds / pages:.3f} s/page), largest process "
            f"{assembled.peak_memory_mb:.0f} MB."
        )
        try:
            with override_settings(
                RIN_DOCUMENT_ASSEMBLE_FROM_PARTS=10**6, RIN_DOCUMENT_ASSEMBLE_FROM_KB=10**6
            ):
                whole = rendering.render(document)
        except DocumentError as error:
            self.stdout.write(f"  Whole, in one limited process: refused: {error}")
            return
        self.stdout.write(
            f"  Whole, in one limited process: {whole.seconds:.2f} s "
            f"({whole.seconds / pages:.3f} s/page, {whole.seconds / alone:.2f}× WeasyPrint "
            f"alone), peak {whole.peak_memory_mb:.0f} MB; same pages: {whole.page_count == pages}"
        )

    def _serve_again(self, document: Document, reviewer):
        client = Client(secure=True)
        client.force_login(reviewer)
        url = reverse("reports:download", args=[document.pk])
        page = reverse("plans:list")
        for _ in range(3):  # warm up
            b"".join(client.get(url).streaming_content)
            client.get(page)
        runs = 20
        started = time.perf_counter()
        for _ in range(runs):
            b"".join(client.get(url).streaming_content)
        download = (time.perf_counter() - started) / runs
        started = time.perf_counter()
        for _ in range(runs):
            client.get(page)
        plain = (time.perf_counter() - started) / runs
        again = services.document_request_plan(
            user=None, plan=document.plan, format=document.format, audience=document.audience
        )
        self.stdout.write(
            f"Stored document served again: {download * 1000:.1f} ms per download of "
            f"{document.size // 1024} KB (the plain plan list page: {plain * 1000:.1f} ms); "
            f"same data → same document: {again.pk == document.pk}"
        )

    def _after_change(self, plan: Plan):
        """One programme's title changes: the fresh version, assembled (reusing the parts
        of the first version) and rendered whole."""
        programme = plan.programmes.order_by("position").first()
        programme.title = f"{programme.title} (spremenjen)"
        programme.save(update_fields=["title"])
        Plan.objects.filter(pk=plan.pk).update(revision=plan.revision + 1)
        plan.refresh_from_db()
        started = time.perf_counter()
        document = services.document_request_plan(
            user=None, plan=plan, format=Document.Format.PDF, audience="working"
        )
        with override_settings(RIN_DOCUMENT_ASSEMBLE_FROM_PARTS=0):
            assembled = rendering.render(document)
        assembled_seconds = time.perf_counter() - started
        path = "assembled, parts now cached" if rendering.should_assemble(document) else "whole"
        started = time.perf_counter()
        document = services.document_render(document_id=document.pk)
        self.stdout.write(
            f"After one programme changed: version {document.version} ({document.page_count} "
            f"pages) ready in {assembled_seconds:.2f} s assembled ({assembled.parts_rendered} "
            f"parts rendered, {assembled.parts_reused} reused); stored by the default path "
            f"({path}) in {time.perf_counter() - started:.2f} s"
        )


def _weasyprint_alone(job: pdf.PdfJob) -> float:
    """WeasyPrint on the final HTML and stylesheet, in this process, as a plain call."""
    fetcher = pdf.SafeURLFetcher(pdf.font_assets())
    font_config = weasyprint.text.fonts.FontConfiguration()
    gc.collect()
    started = time.perf_counter()
    css = weasyprint.CSS(string=job.stylesheet, url_fetcher=fetcher, font_config=font_config)
    weasyprint.HTML(string=job.html, url_fetcher=fetcher).write_pdf(
        stylesheets=[css], font_config=font_config, pdf_variant="pdf/ua-1"
    )
    return time.perf_counter() - started


def _reviewer():
    user, _ = get_user_model().objects.get_or_create(username="benchmark-reviewer")
    Role.objects.get_or_create(user=user, kind=Role.Kind.REVIEWER)
    return user


def _synthetic_plan(region: Region, programmes: int, number: int) -> Plan:
    national = NationalProgramme.objects.get(code="renpsv-2013-2020")
    goals = list(NationalGoal.objects.filter(national_programme=national))
    providers = list(Provider.objects.filter(seat__region=region)[:6]) or list(
        Provider.objects.all()[:6]
    )
    municipalities = list(region.municipalities.all()[:8])
    plan = Plan.objects.create(
        kind=Plan.Kind.RIN,
        slug=f"benchmark-{region.slug}",
        title=f"Regijski izvedbeni načrt {region.name} 2017–2020 (merilni primer)",
        region=region,
        first_year=2017,
        last_year=2020,
        status=Plan.Status.CONFIRMED,
        confirmed_on=datetime.date(2017, 6, 30),
        national_programme=national,
        coordinator=providers[0] if providers else None,
    )
    Chapter.objects.bulk_create(
        Chapter(plan=plan, position=n, title=title, body=f"{LOREM}\n\n{LOREM}")
        for n, title in enumerate(["Uvod", "Regija", "Spremljanje in poročanje"])
    )
    GroupMember.objects.bulk_create(
        GroupMember(
            plan=plan,
            position=n,
            person_name=f"Član {n + 1}",
            organisation="Organizacija",
            represents="local_community",
        )
        for n in range(10)
    )
    areas = []
    for n in range(max(programmes // 4, 1)):
        area = Area.objects.create(
            plan=plan, position=n, title=f"Področje {n + 1}", unmet_needs=LOREM
        )
        areas.append((area, Goal.objects.create(plan=plan, area=area, title=f"Cilj {n + 1}")))
    for n in range(programmes):
        area, goal = areas[n % len(areas)]
        programme = Programme.objects.create(
            plan=plan,
            area=area,
            goal=goal,
            position=n,
            title=f"Program {n + 1}: podpora v skupnosti",
            description=LOREM,
            target_groups="starejši, družine; osebe z ovirami",
            lead=providers[n % len(providers)] if providers else None,
            first_year=2017,
            last_year=2020,
        )
        programme.implementers.set(providers[:3])
        programme.municipalities.set(municipalities)
        programme.national_goals.set(goals[n % len(goals) : n % len(goals) + 2])
        Activity.objects.bulk_create(
            Activity(
                programme=programme, position=k, description=f"Aktivnost {k + 1}: {LOREM[:80]}"
            )
            for k in range(3)
        )
        FundingLine.objects.bulk_create(
            FundingLine(
                programme=programme, source=source, year=year, planned_amount=Decimal(20000)
            )
            for year in plan.years
            for source in ("ministry", "municipalities")
        )
        for k, (name, unit) in enumerate(
            [("Število uporabnikov", "persons"), ("Delež vključenih", "percent")]
        ):
            indicator = Indicator.objects.create(
                programme=programme,
                position=k,
                name=name,
                unit=unit,
                baseline_value=Decimal(10),
                baseline_year=2016,
                target_value=Decimal(40),
                target_year=2020,
            )
            IndicatorYearTarget.objects.bulk_create(
                IndicatorYearTarget(
                    indicator=indicator, year=year, value=Decimal(10 + 7 * (year - 2016))
                )
                for year in plan.years
            )
    for year in (2017, 2018):
        report = YearlyReport.objects.create(
            plan=plan,
            year=year,
            due_date=plan.report_due_date(year),
            status=YearlyReport.Status.APPROVED,
            submitted_at=datetime.datetime(year + 1, 3, 1, tzinfo=datetime.UTC),
            approved_at=datetime.datetime(year + 1, 3, 20, tzinfo=datetime.UTC),
        )
        for programme in plan.programmes.prefetch_related("indicators"):
            entry = ReportEntry.objects.create(
                report=report,
                programme=programme,
                status=ReportEntry.Status.IN_PROGRESS,
                achievements=LOREM,
                users_reached=30,
            )
            IndicatorValue.objects.bulk_create(
                IndicatorValue(
                    entry=entry, indicator=i, achieved_value=Decimal(12 + 6 * (year - 2016))
                )
                for i in programme.indicators.all()
            )
            EntryFunding.objects.create(entry=entry, source="ministry", amount_used=Decimal(18000))
    return plan
