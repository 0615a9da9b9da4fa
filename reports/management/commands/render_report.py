"""Render a document from the command line, through the same path as a download.

    python manage.py render_report plan rin-gorenjska-2014-2016 --output rin.pdf
    python manage.py render_report yearly 12 --year 2015 --format xlsx --output 2015.xlsx
    python manage.py render_report national national --output pregled.pdf

The document is stored like one asked for on the site (the same data gives the same
file); the command renders it at once instead of waiting for the worker.
"""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from plans.models import Plan, YearlyReport
from reports import services
from reports.errors import DocumentError
from reports.models import Document

KINDS = ["plan", "strategy", "yearly", "national"]


class Command(BaseCommand):
    help = "Render a plan, strategy, yearly report or the national overview to a file."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("target", help='a plan\'s id or address (slug), or "national"')
        parser.add_argument("--year", type=int, help="the year of a yearly report")
        parser.add_argument("--format", choices=Document.Format.values, default=Document.Format.PDF)
        parser.add_argument(
            "--audience",
            choices=[Document.Audience.WORKING, Document.Audience.PUBLIC],
            default=Document.Audience.WORKING,
            help="working text (as the plan's group sees it) or the public text",
        )
        parser.add_argument("--output", required=True, type=Path)

    def handle(self, *args, kind, target, year, format, audience, output, **options):
        try:
            document = self._request(kind, target, year, format, audience)
            document = services.document_render(document_id=document.pk)
        except DocumentError as error:
            raise CommandError(str(error)) from error
        document = _wait_until_finished(document)
        if not document.is_ready:
            raise CommandError(document.error)
        with document.file.open("rb") as stored:
            output.write_bytes(stored.read())
        pages = f", {document.page_count} pages" if document.page_count else ""
        self.stdout.write(
            f"{output}: {document.title} (version {document.version}{pages}, {document.size} bytes)"
        )

    def _request(self, kind: str, target: str, year: int | None, format: str, audience: str):
        if kind == "national":
            if target != "national":
                raise CommandError('The national overview takes the target "national".')
            return services.document_request_national(user=None, format=format)
        plan = _plan(target)
        if kind in {"plan", "strategy"}:
            expected = Plan.Kind.STRATEGY if kind == "strategy" else Plan.Kind.RIN
            if plan.kind != expected:
                raise CommandError(f'"{plan.slug}" is a {plan.get_kind_display()}, not a {kind}.')
            return services.document_request_plan(
                user=None, plan=plan, format=format, audience=audience
            )
        if year is None:
            raise CommandError("A yearly report needs --year.")
        report = YearlyReport.objects.filter(plan=plan, year=year).select_related("plan").first()
        if report is None:
            raise CommandError(f'"{plan.slug}" has no yearly report for {year}.')
        return services.document_request_yearly(
            user=None, report=report, format=format, audience=audience
        )


def _wait_until_finished(document: Document) -> Document:
    """A worker may have started the same document first: wait for it to finish."""
    deadline = time.monotonic() + settings.RIN_RENDER_TIMEOUT_SECONDS + 30
    while not document.is_finished and time.monotonic() < deadline:
        time.sleep(0.5)
        document.refresh_from_db()
    return document


def _plan(target: str) -> Plan:
    plans = Plan.objects.select_related(
        "region", "municipality__region", "coordinator", "predecessor", "national_programme"
    )
    plan = plans.filter(slug=target).first()
    if plan is None and target.isdigit():
        plan = plans.filter(pk=int(target)).first()
    if plan is None:
        raise CommandError(f'No plan with the id or address "{target}".')
    return plan
