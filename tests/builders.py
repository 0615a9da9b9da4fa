"""Small builders for test data: each sets only what a test cares about."""

import datetime
from decimal import Decimal

from municipalities.models import Municipality, Region
from plans.models import (
    Area,
    FundingLine,
    Goal,
    Indicator,
    NationalProgramme,
    Plan,
    Programme,
    ReportEntry,
    YearlyReport,
)
from plans.progress import selectors as progress_selectors
from plans.progress import services as progress
from plans.progress.state import EntryInput
from providers.models import Provider


def make_plan(**fields) -> Plan:
    if "municipality" not in fields:
        fields.setdefault("region", Region.objects.get(code=9))
    fields.setdefault("kind", "strategy" if fields.get("municipality") else "rin")
    fields.setdefault("slug", "rin-test")
    fields.setdefault("title", "RIN Gorenjska 2017–2020")
    fields.setdefault("first_year", 2017)
    fields.setdefault("last_year", 2020)
    fields.setdefault("national_programme", NationalProgramme.objects.get(code="renpsv-2013-2020"))
    if isinstance(fields.get("confirmed_on"), str):
        fields["confirmed_on"] = datetime.date.fromisoformat(fields["confirmed_on"])
    return Plan.objects.create(**fields)


def make_strategy(**fields) -> Plan:
    """Velenje's municipal strategy for 2017–2020 (a draft unless `fields` say otherwise)."""
    fields.setdefault("municipality", Municipality.objects.get(code=133))
    fields.setdefault("slug", "strategija-test")
    fields.setdefault("title", "Strategija Velenje 2017–2020")
    return make_plan(**fields)


def make_area(plan: Plan, **fields) -> Area:
    fields.setdefault("title", "Starejši")
    return Area.objects.create(plan=plan, **fields)


def make_programme(plan: Plan, **fields) -> Programme:
    area = fields.pop("area", None) or make_area(plan)
    fields.setdefault("title", "Medgeneracijski center")
    fields.setdefault("first_year", plan.first_year)
    fields.setdefault("last_year", plan.last_year)
    with_children = fields.pop("with_children", True)
    programme = Programme.objects.create(plan=plan, area=area, **fields)
    if with_children:
        Goal.objects.create(plan=plan, area=area, title="Več dnevnih centrov")
        Indicator.objects.create(
            programme=programme,
            name="Število centrov",
            unit="count",
            baseline_value=Decimal(1),
            baseline_year=plan.first_year - 1,
            target_value=Decimal(4),
            target_year=plan.last_year,
        )
        FundingLine.objects.create(
            programme=programme,
            source="ministry",
            year=plan.first_year,
            planned_amount=Decimal(1000),
        )
        programme.municipalities.set(Municipality.objects.filter(code=52))
        programme.lead = Provider.objects.get(name="Center za socialno delo Gorenjska, Enota Kranj")
        programme.save(update_fields=["lead"])
    return programme


def make_report(plan: Plan, year: int | None = None, **fields) -> YearlyReport:
    year = year or plan.first_year
    fields.setdefault("due_date", plan.report_due_date(year))
    return YearlyReport.objects.create(plan=plan, year=year, **fields)


def make_entry(report: YearlyReport, programme: Programme, **fields) -> ReportEntry:
    return ReportEntry.objects.create(report=report, programme=programme, **fields)


# Yearly progress ------------------------------------------------------------------------


def complete_input(entry, **changes) -> EntryInput:
    """An input that completes `entry`: in progress, described, every value on target."""
    values = {}
    for indicator in entry.programme.indicators.all():
        values[indicator.pk] = Decimal(50) if indicator.unit == "percent" else Decimal(4)
    data = EntryInput(
        entry_id=entry.pk,
        version=entry.version,
        status="in_progress",
        achievements="Odprli smo dva centra.",
        values=values,
        funding={"ministry": Decimal(900)},
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return data


def fill(report, user, **changes):
    """Complete every entry of `report` through the service."""
    entries = progress_selectors.report_entries(report)
    progress.report_save(
        report=report, user=user, entries=[complete_input(entry, **changes) for entry in entries]
    )
    report.refresh_from_db()
    return report


def return_first(report, staff, member, reason="Opišite delavnice.", part="achievements"):
    """Submit the filled `report` and have the group return its first entry: `reason`,
    pointing at `part` of it."""
    progress.report_submit(report=report, user=staff, version=report.version)
    first = progress_selectors.report_entries(report)[0]
    progress.report_return(
        report=report, user=member, version=report.version, returns={first.pk: (reason, part)}
    )
    report.refresh_from_db()
    return report


def plan_details(plan: Plan, **changes) -> dict:
    """What the plan's details form posts for `plan` as it is, with `changes`."""
    data = {
        "version": plan.version,
        "title": plan.title,
        "summary": plan.summary,
        "first_year": plan.first_year,
        "last_year": plan.last_year,
        "coordinator": "",
        "national_programme": plan.national_programme_id,
        "report_due_month": plan.report_due_month,
        "report_due_day": plan.report_due_day,
    }
    return {**data, **changes}
