import functools
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.safestring import SafeString

from municipalities.models import Region
from plans import reference
from plans.models import Plan, ReportEvent, YearlyReport
from rin_portal import permissions
from rin_portal.markup import render_markdown
from rin_portal.prepared import Prepared, prepared
from rin_portal.text import slovenian_sort_key

from .models import NewsItem


def public_plans_of(region: Region) -> list[Plan]:
    """Public plans of the region (confirmed or adopted, or drafts in public
    consultation), its municipalities' strategies included. Kept in each process under
    the plans and reference generations (no query after a change of anything else: a
    report, news); read, one query without joins."""

    def read() -> list[Plan]:
        kept = reference.reference()
        municipalities = [m.pk for m in kept.municipalities.values() if m.region_id == region.pk]
        return _public_plans(region.pk, municipalities)

    return reference.plan_list(f"public-of-region:{region.pk}", read)


_public_plans = prepared(
    lambda region_id, municipality_ids: Plan.objects.filter(
        Q(region_id=region_id) | Q(municipality_id__in=municipality_ids),
        permissions.public_plans_q(),
    ).order_by("-first_year", "title")
)


@dataclass(frozen=True, slots=True)
class ApprovedReport:
    """An approved yearly report as a region's page lists it."""

    plan: Plan
    year: int
    approved_at: datetime | None


def approved_reports_of(plans: list[Plan]) -> list[ApprovedReport]:
    """The approved reports of these plans, newest first. One query, of the three
    columns the page shows (no instances: a region's page is drawn after every change)."""
    by_pk = {plan.pk: plan for plan in plans}
    reports = [
        ApprovedReport(by_pk[plan_id], year, approved_at)
        for plan_id, year, approved_at in _approved_reports(list(by_pk))
    ]
    return sorted(reports, key=lambda report: (-report.year, slovenian_sort_key(report.plan.title)))


_approved_reports = prepared(
    # Sorted here, not by the model's ordering, which joins each report's plan.
    lambda plan_ids: (
        YearlyReport.objects.filter(status=YearlyReport.Status.APPROVED, plan__in=plan_ids)
        .order_by()
        .values_list("plan_id", "year", "approved_at")
    )
)


def news_of(region: Region, limit: int = 10) -> list[NewsItem]:
    """The region's latest news as its page lists them: titles and dates."""
    return _listed(_region_news(limit)(region.pk))


# What an item's page and the feeds need of its plan: its public address (`news_body`).
ITEM_PLAN = ("plan__region", "plan__municipality__region")


def news_of_slug(region_slug: str) -> QuerySet[NewsItem]:
    return NewsItem.objects.filter(region__slug=region_slug).select_related(
        "region", *ITEM_PLAN, "report__plan"
    )


def news_body(item: NewsItem) -> SafeString:
    """The item's text. While its plan is not public (a draft taken back from public
    consultation), links to the plan's public pages are shown as plain text: they would
    lead to a page that is not found. Expects the plan selected as ITEM_PLAN."""
    plan = item.plan
    if plan is None or plan.is_readable_by_public:
        return render_markdown(item.body)
    path = reverse("public:plan", args=[plan.scope_region.slug, plan.slug])
    return render_markdown(item.body, unlinked=(path,))


def latest_news(limit: int = 5) -> list[NewsItem]:
    """The latest news of every region, as the home page lists them: titles, dates and
    regions."""
    return _listed(_latest_news(limit)())


def _newest(news: QuerySet[NewsItem], limit: int) -> QuerySet[NewsItem]:
    """The newest `limit` items, read for a list (titles, dates, and whether the public
    consultation they are about was ended). Joined to nothing."""
    fields = ("id", "region_id", "title", "published_on", "consultation_ended_at")
    return news.only(*fields).order_by("-published_on", "-id")[:limit]


# The limit is written into the SQL, not passed as a value: one prepared query per limit.
@functools.cache
def _region_news(limit: int) -> Prepared:
    return prepared(lambda region_id: _newest(NewsItem.objects.filter(region_id=region_id), limit))


@functools.cache
def _latest_news(limit: int) -> Prepared:
    return prepared(lambda: _newest(NewsItem.objects.all(), limit))


def _listed(items: list[NewsItem]) -> list[NewsItem]:
    """News items each given its region from the reference data."""
    regions = reference.reference().regions
    for item in items:
        if item.region_id in regions:  # else added since the reference data was read
            NewsItem.region.field.set_cached_value(item, regions[item.region_id])
    return items


def public_plan(plan_slug: str) -> Plan | None:
    """A confirmed or adopted plan or a draft in public consultation, or None (other
    drafts are never public).

    Kept as `permissions.get_plan_for_view` keeps it (plans/reference.py): the
    coordinator and predecessor only the plan's text names, which is mostly kept
    already (read when it is drawn)."""
    plan = reference.plan(plan_slug)
    return plan if plan is not None and plan.is_readable_by_public else None


def approved_report_years(plan: Plan) -> list[int]:
    """The years of the plan's approved reports, newest first. One query."""
    return [year for (year,) in _approved_report_years(plan.pk)]


_approved_report_years = prepared(
    lambda plan_id: (
        YearlyReport.objects.filter(plan_id=plan_id, status=YearlyReport.Status.APPROVED)
        .order_by("-year")
        .values_list("year")
    )
)


def reopened_report(plan_slug: str, year: int) -> YearlyReport | None:
    """A published plan's report that was approved, then reopened for correction and
    not approved again: its public address (in e-news, feeds) says so instead of 404."""
    return (
        YearlyReport.objects.filter(
            plan__slug=plan_slug,
            plan__confirmed_on__isnull=False,
            year=year,
            events__action=ReportEvent.Action.REOPENED,
        )
        .exclude(status=YearlyReport.Status.APPROVED)
        .select_related("plan__region", "plan__municipality__region")
        .first()
    )


def approved_reports_of_slug(plan_slug: str) -> QuerySet[YearlyReport]:
    return YearlyReport.objects.filter(
        plan__slug=plan_slug, plan__confirmed_on__isnull=False, status=YearlyReport.Status.APPROVED
    ).select_related("plan__region", "plan__municipality__region")
