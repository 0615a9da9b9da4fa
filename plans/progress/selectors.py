"""Reads for the yearly progress pages, the spreadsheets and the reminders.

Each function runs a fixed number of queries, however many programmes a plan has;
comments name them. Lists start from the permissions module's scoped selectors.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, QuerySet
from django.utils import timezone

from municipalities.models import Region
from plans import reference
from plans.models import (
    Area,
    ChangeRecord,
    EntryFunding,
    EvidenceFile,
    FundingLine,
    FundingSource,
    Indicator,
    IndicatorValue,
    IndicatorYearTarget,
    Plan,
    Programme,
    ReportEntry,
    ReportEvent,
    YearlyReport,
)
from plans.selectors import history_of
from rin_portal import generation, permissions
from rin_portal.formatting import has_cents
from rin_portal.memory import Lru
from rin_portal.prefetch import attach_prefetched, rows_of
from rin_portal.prepared import prepared

from .checks import stored_entry_problems, target_for
from .state import returned_part

OPEN_STATUSES = frozenset({YearlyReport.Status.DRAFT, YearlyReport.Status.RETURNED})


def _entries(
    entries: QuerySet[ReportEntry] | list[ReportEntry],
    programmes: dict[int, "KeptProgramme"],
    *,
    with_evidence: bool = False,
) -> list[ReportEntry]:
    """The entries with their programme from `programmes` (`plan_programmes` of their
    reports' plans: with its area, lead, indicators and their yearly targets), `.number`,
    the entry's values and funds used (and evidence): 3 queries (4 with evidence).

    The related rows are attached as prefetched lists (`entry.values.all()` and so on
    read them), not with prefetch_related: that builds a queryset for every entry and
    indicator, which cost more than the rows themselves (a 40-programme report: 57 ms
    against 20 ms).

    The related rows are read by the entries' ids, not by a subquery of them: for
    `entry IN (SELECT …)` PostgreSQL reads the whole table of funds used, every report
    of the country (1.5 ms, growing every year), where the ids take an index (0.2 ms)."""
    if isinstance(entries, QuerySet):
        entries = list(entries.order_by("id"))
    entry_ids = [entry.pk for entry in entries]
    for entry in entries:
        found = programmes.get(entry.programme_id)
        if found is None:  # added since the kept programmes were read: read afresh
            plan_id = entry.programme.plan_id
            found = _read_programmes([plan_id])[plan_id][entry.programme_id]
        ReportEntry.programme.field.set_cached_value(entry, found.programme)
        entry.number = found.number
    attach_prefetched(entries, "values", _values_of_entries(entry_ids), "entry")
    attach_prefetched(entries, "funding", _funding_of_entries(entry_ids), "entry")
    if with_evidence:
        attach_prefetched(entries, "evidence", _evidence_of_entries(entry_ids), "entry")
    return entries


_entries_of_report = prepared(
    lambda report_id: ReportEntry.objects.filter(report_id=report_id).order_by("id")
)
# Compiled once per number of entries (`prepared`): a report page reads all three.
_values_of_entries = prepared(
    lambda entry_ids: IndicatorValue.objects.filter(entry__in=entry_ids).order_by("id")
)
_funding_of_entries = prepared(
    lambda entry_ids: EntryFunding.objects.filter(entry__in=entry_ids).order_by("id")
)
_evidence_of_entries = prepared(
    lambda entry_ids: EvidenceFile.objects.filter(entry__in=entry_ids).order_by("uploaded_at", "id")
)


@dataclass(frozen=True)
class KeptProgramme:
    programme: Programme  # its area and lead joined, its indicators and their targets attached
    number: str  # "1.2": the area's number and the programme's within it, as on the plan page
    order: tuple[int, int]


# Each plan's programmes as the report pages show them, by plan, kept in this process
# under the plans and reference generations (the lead is a provider): saving a report
# renews neither. Shared by the requests of the process: read them, never change them.
_programmes = generation.Memory(256)


def plan_programmes(plan_id: int) -> dict[int, KeptProgramme]:
    """The plan's programmes by id, each with its area, lead, indicators (with their
    yearly targets) and its number: `programmes_of([plan_id])`."""
    return programmes_of([plan_id])


def programmes_of(plan_ids) -> dict[int, KeptProgramme]:
    """The programmes of these plans by id, as `plan_programmes` gives them; 4 queries
    for all the plans whose programmes are not kept, none when all are. Inside a
    transaction that has written data they are read afresh, so that code sees its own
    changes."""
    generations = (generation.plans(), generation.reference())
    keep = None not in generations and not generation.renewal_pending()
    found, missing = {}, []
    for plan_id in set(plan_ids):
        kept = _programmes.get(generations, plan_id) if keep else None
        if kept is None:
            missing.append(plan_id)
        else:
            found |= kept
    if missing:
        for plan_id, read in _read_programmes(missing).items():
            found |= read
            if keep:
                _programmes.put(generations, plan_id, read)
    return found


def _read_programmes(plan_ids: list[int]) -> dict[int, dict[int, KeptProgramme]]:
    """By plan, its programmes by id. 4 queries: the areas, the programmes, their
    indicators, the indicators' targets."""
    areas = Area.objects.filter(plan_id__in=plan_ids).order_by("position", "id")
    area_numbers: dict[int, int] = {}
    per_plan: dict[int, int] = defaultdict(int)
    for pk, plan_id in areas.values_list("id", "plan_id"):
        per_plan[plan_id] += 1
        area_numbers[pk] = per_plan[plan_id]
    programmes = list(
        Programme.objects.filter(plan_id__in=plan_ids)
        .select_related("area", "lead")
        .order_by("position", "id")
    )
    indicators = list(
        Indicator.objects.filter(programme__plan_id__in=plan_ids).order_by("position", "id")
    )
    targets = IndicatorYearTarget.objects.filter(indicator__programme__plan_id__in=plan_ids)
    attach_prefetched(indicators, "year_targets", targets.order_by("year", "id"), "indicator")
    attach_prefetched(programmes, "indicators", indicators, "programme")
    counters: dict[int, int] = defaultdict(int)
    by_plan: dict[int, dict[int, KeptProgramme]] = {plan_id: {} for plan_id in plan_ids}
    for programme in programmes:
        counters[programme.area_id] += 1
        order = (area_numbers.get(programme.area_id, 0), counters[programme.area_id])
        by_plan[programme.plan_id][programme.pk] = KeptProgramme(
            programme, f"{order[0]}.{order[1]}", order
        )
    return by_plan


def forget() -> None:
    """Forget the programmes and completeness kept in this process (tests: each has its
    own data)."""
    _programmes.clear()
    _completeness.clear()


def report_entries(
    report: YearlyReport, *, with_evidence: bool = False, with_editors: bool = False
) -> list[ReportEntry]:
    """The report's entries in the plan's order, each with `.number` ("1.2") and its
    programme's indicators, values and funds used; with evidence, and with who saved
    each last (`updated_by`: only a save's conflict page and the import's preview show
    it). 3 queries (4 with evidence) when the plan's programmes are kept
    (`plan_programmes`)."""
    programmes = plan_programmes(report.plan_id)
    if with_editors:
        entries = ReportEntry.objects.filter(report=report).select_related("updated_by")
    else:
        entries = _entries_of_report(report.pk)
    return sorted(
        _entries(entries, programmes, with_evidence=with_evidence),
        key=lambda entry: (
            programmes[entry.programme_id].order if entry.programme_id in programmes else (0, 0)
        ),
    )


def planned_funding(
    report: YearlyReport, entries: list[ReportEntry]
) -> dict[int, dict[str, Decimal]]:
    """Planned amounts of the report's year by programme and source, for the programmes
    of these entries. 1 query, by the programmes' ids: joined to the plan instead,
    PostgreSQL read every plan's funding lines (1.7 ms against 0.2 ms)."""
    planned: dict[int, dict[str, Decimal]] = defaultdict(dict)
    programme_ids = sorted({entry.programme_id for entry in entries})
    for programme_id, source, amount in _planned_lines(programme_ids, report.year):
        planned[programme_id][source] = amount
    return planned


_planned_lines = prepared(
    lambda programme_ids, year: (
        FundingLine.objects.filter(programme_id__in=programme_ids, year=year)
        .order_by()
        .values_list("programme_id", "source", "planned_amount")
    )
)
SOURCES = tuple(FundingSource.values)  # in their order; `.values` builds the list anew


def entry_summaries(report: YearlyReport, entries: list[ReportEntry]) -> list[dict]:
    """Each entry as the report pages show it: indicators with the year's target and the
    achieved value, funds planned and used by source. 1 query (planned funding)."""
    planned = planned_funding(report, entries)
    summaries = []
    for entry in entries:
        values = {value.indicator_id: value.achieved_value for value in rows_of(entry, "values")}
        used = {line.source: line.amount_used for line in rows_of(entry, "funding")}
        programme_planned = planned.get(entry.programme_id, {})
        indicators = []
        for indicator in rows_of(entry.programme, "indicators"):
            value, target = values.get(indicator.pk), target_for(indicator, report.year)
            indicators.append(
                {
                    "indicator": indicator,
                    "target": target,
                    "value": value,
                    "misses": value is not None
                    and target is not None
                    and indicator.misses(value, target),
                }
            )
        funding = [
            {"source": source, "planned": programme_planned.get(source), "used": used.get(source)}
            for source in SOURCES
            if source in used or source in programme_planned
        ]
        cents = has_cents((row["planned"] for row in funding), (row["used"] for row in funding))
        summaries.append(
            {
                "entry": entry,
                "indicators": indicators,
                "funding": funding,
                "cents": cents,
                "returned_part": returned_part(entry),
            }
        )
    return summaries


def report_events(report: YearlyReport) -> list[ReportEvent]:
    return list(report.events.order_by("created_at", "id"))


def report_history(report: YearlyReport, *, limit: int = 200) -> list[dict]:
    """The latest changes to the report's entries, values, funds and evidence. 1 query."""
    records = ChangeRecord.objects.filter(report=report).order_by("-created_at", "-id")
    return history_of(records[:limit])


# Overviews -----------------------------------------------------------------------------


@dataclass
class Completeness:
    entries: int = 0
    complete: int = 0
    problems: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.complete / self.entries) if self.entries else 0


def completeness_by_report(reports: list[YearlyReport]) -> dict[int, Completeness]:
    """How many entries of each report are complete: read from the cache, where each
    report's count is kept under its version (`_completeness_key`); the rest counted in
    at most 8 queries, for any number of reports.

    Only open reports are checked entry by entry: a submitted or approved report passed
    the same check to be submitted, so its entries are counted, not read.
    """
    by_report: dict[int, Completeness] = defaultdict(Completeness)
    keys = {report.pk: _completeness_key(report) for report in reports}
    # This worker's own first, then the shared cache: each key names the report's version.
    cached = {key: found for key in keys.values() if key and (found := _completeness.get(key))}
    missing = [key for key in keys.values() if key and key not in cached]
    if missing:
        shared = cache.get_many(missing)
        for key, found in shared.items():
            _completeness.put(key, found)
        cached |= shared
    closed, year_of = [], {}
    for report in reports:
        if keys[report.pk] in cached:
            by_report[report.pk] = cached[keys[report.pk]]
        elif report.status in OPEN_STATUSES:
            year_of[report.pk] = report.year
        else:
            closed.append(report.pk)
    if closed:
        counts = (
            ReportEntry.objects.filter(report_id__in=closed)
            .values("report_id")
            .annotate(entries=Count("id"))
            .values_list("report_id", "entries")
        )
        for report_id, entries in counts:
            by_report[report_id] = Completeness(entries=entries, complete=entries)
    if year_of:
        programmes = programmes_of(report.plan_id for report in reports if report.pk in year_of)
        entries = ReportEntry.objects.filter(report_id__in=list(year_of))
        for entry in _entries(entries, programmes):
            problems = stored_entry_problems(entry, year_of[entry.report_id])
            summary = by_report[entry.report_id]
            summary.entries += 1
            summary.complete += not problems
            summary.problems += len(problems)
    counted = [*closed, *year_of]
    if counted:
        counts = {keys[pk]: by_report[pk] for pk in counted if keys[pk]}
        cache.set_many(counts, COMPLETENESS_SECONDS)
        for key, found in counts.items():
            _completeness.put(key, found)
    return by_report


# Reports' completeness by `_completeness_key`, in this worker: a dashboard drawn again
# after a save reads only the saved report's from the shared cache.
_completeness = Lru(4096)


COMPLETENESS_SECONDS = 24 * 60 * 60


def _completeness_key(report: YearlyReport) -> str | None:
    """The report's version (raised by every save of its entries), its status, plan and
    year (which the admin may change without raising the version) and the plans
    generation (renewed by any write to indicators and targets, the admin's too); None
    when that cannot be read (then the report is counted afresh)."""
    plans = generation.plans()
    if plans is None:
        return None
    return (
        f"completeness:{report.pk}:{report.version}:{report.status}:{report.plan_id}:"
        f"{report.year}:{plans}"
    )


@dataclass
class YearRow:
    plan: Plan
    year: int
    due_date: datetime.date
    report: YearlyReport | None = None
    completeness: Completeness = field(default_factory=Completeness)
    is_overdue: bool = False

    @property
    def submitted_late(self) -> bool:
        """Submitted (and so no longer overdue), but after its due date."""
        submitted = self.report.submitted_at if self.report else None
        return submitted is not None and timezone.localdate(submitted) > self.due_date


def _year_rows(plans: list[Plan], reports: list[YearlyReport], today: datetime.date):
    completeness = completeness_by_report(reports)
    by_key = {(report.plan_id, report.year): report for report in reports}
    for plan in plans:
        for year in plan.years:
            report = by_key.get((plan.pk, year))
            if report is None and (year > today.year or year > plan.last_reported_year):
                continue
            due = report.due_date if report else plan.report_due_date(year)
            is_open = report is None or report.status in OPEN_STATUSES
            yield YearRow(
                plan=plan,
                year=year,
                due_date=due,
                report=report,
                completeness=completeness.get(report.pk, Completeness())
                if report
                else Completeness(),
                # Reports are due once the plan is confirmed, not while it is written.
                is_overdue=is_open and due < today and plan.is_public,
            )


def with_plans(reports: QuerySet[YearlyReport], plans: list[Plan]) -> list[YearlyReport]:
    """The reports, each given its plan from those already read rather than a joined copy
    of the plan's wide row per report."""
    by_pk = {plan.pk: plan for plan in plans}
    found = list(reports)
    for report in found:
        report.plan = by_pk[report.plan_id]
    return found


# Unordered: the years are listed by the plan's years, and the model's ordering (by
# plan) joins the plan's row for nothing.
_reports_of_plan = prepared(
    lambda plan_id, *reach: permissions.reports_within(*reach).filter(plan_id=plan_id).order_by()
)


def plan_years(plan: Plan, user, today: datetime.date) -> list[YearRow]:
    """A plan's years up to this one, each with its report (if opened and visible). 7 queries."""
    reports = with_plans(_reports_of_plan(plan.pk, *permissions.reach(user)), [plan])
    if not permissions.can_view_progress(user, plan):
        # Outside the plan's scope only approved reports exist: list just those years.
        return [row for row in _year_rows([plan], reports, today) if row.report]
    return sorted(_year_rows([plan], reports, today), key=lambda row: -row.year)


# What the dashboard shows of a report, and what its completeness is kept under: the rest
# of a report's row (who opened, submitted and approved it, when, and the notes) it
# does not read. In the order of the model's fields, as `Model.from_db` takes them.
DASHBOARD_FIELDS = tuple(
    field.attname
    for field in YearlyReport._meta.concrete_fields
    if field.attname in {"id", "version", "plan_id", "year", "status", "due_date", "submitted_at"}
)


_followed_plans = prepared(
    lambda *reach: (
        permissions.plans_with_progress_within(*reach)
        .filter(confirmed_on__isnull=False)
        .order_by("-first_year", "title")
    )
)


_dashboard_reports = prepared(
    lambda plan_ids: (
        YearlyReport.objects.filter(plan__in=plan_ids).order_by().values_list(*DASHBOARD_FIELDS)
    )
)


@dataclass
class DashboardRegion:
    """One region of the dashboard: the plans it shows, their reports' rows (as tuples of
    DASHBOARD_FIELDS), and `key`, which names everything its section is built from: the
    region and its plans (kept under the reference and plans generations, which also
    cover indicators and targets, and so completeness), the reports' rows (a save of
    entries raises the version) and today's date, which decides what is overdue. None
    when the generations cannot be read or a change of this connection is not yet
    committed: then the section is built afresh."""

    region: Region
    plans: list[Plan]
    reports: list[tuple]
    key: tuple | None


def dashboard_regions(user, today: datetime.date) -> list[DashboardRegion]:
    """Per region, the confirmed plans the user follows and their reports' rows. 1 query
    (the plans are kept under the plans generation, which saving a report leaves alone)."""
    reach = permissions.reach(user)
    plans = reference.plan_list(f"followed-by:{reach}", lambda: _followed_plans(*reach))
    by_plan = defaultdict(list)
    plan_at = DASHBOARD_FIELDS.index("plan_id")
    for row in _dashboard_reports([plan.pk for plan in plans]):
        by_plan[row[plan_at]].append(row)
    generations = (generation.plans(), generation.reference())
    keep = None not in generations and not generation.renewal_pending()
    regions: dict[int, DashboardRegion] = {}
    for plan in plans:
        region = plan.scope_region
        found = regions.setdefault(region.pk, DashboardRegion(region, [], [], None))
        found.plans.append(plan)
        found.reports.extend(sorted(by_plan[plan.pk]))
    for found in regions.values():
        if keep:
            plan_ids = tuple(plan.pk for plan in found.plans)
            found.key = (found.region.pk, plan_ids, tuple(found.reports), today, generations)
    return sorted(regions.values(), key=lambda found: found.region.sort_name)


def dashboard_groups(regions: list[DashboardRegion], today: datetime.date) -> list[dict]:
    """The regions' plans, each with each year's row (`YearRow`): one per region, in
    their order, without the plans that have no year to show. The completeness of all
    their reports is read at once: at most 8 queries."""
    plans = [plan for found in regions for plan in found.plans]
    by_pk = {plan.pk: plan for plan in plans}
    reports = []
    for row in (row for found in regions for row in found.reports):
        report = YearlyReport.from_db(YearlyReport.objects.db, DASHBOARD_FIELDS, row)
        report.plan = by_pk[report.plan_id]
        reports.append(report)
    groups = {
        found.region.pk: {"region": found.region, "plans": {}, "overdue": 0} for found in regions
    }
    for row in _year_rows(plans, reports, today):
        group = groups[row.plan.scope_region.pk]
        plan_rows = group["plans"].setdefault(row.plan.pk, {"plan": row.plan, "rows": []})
        plan_rows["rows"].append(row)
        group["overdue"] += row.is_overdue
    for group in groups.values():
        group["plans"] = list(group["plans"].values())
        for plan_group in group["plans"]:
            plan_group["rows"].sort(key=lambda row: -row.year)
    return list(groups.values())


def dashboard(user, today: datetime.date) -> list[dict]:
    """Per region, the confirmed plans the user follows and each year's report (the
    regions with a year to show). At most 9 queries."""
    groups = dashboard_groups(dashboard_regions(user, today), today)
    return [group for group in groups if group["plans"]]


def dashboard_section(group: dict) -> dict | None:
    """One region of the dashboard as plain data: everything its section shows and
    nothing else, so that the rendered section can be kept under this data
    (`rin_portal.caching.fragment`) and redrawn only when something in it changes. None
    for a region with no year to show."""
    if not group["plans"]:
        return None
    return {
        "id": group["region"].pk,
        "name": group["region"].name,
        "overdue": group["overdue"],
        "plans": [
            {
                "slug": item["plan"].slug,
                "title": item["plan"].title,
                "rows": [
                    {
                        "year": row.year,
                        "status": row.report.status if row.report else "",
                        "is_overdue": row.is_overdue,
                        "submitted_late": row.submitted_late,
                        "percent": row.completeness.percent,
                        "complete": row.completeness.complete,
                        "entries": row.completeness.entries,
                        "due_date": row.due_date,
                    }
                    for row in item["rows"]
                ],
            }
            for item in group["plans"]
        ],
    }
