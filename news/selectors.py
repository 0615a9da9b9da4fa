from django.db.models import Q, QuerySet

from municipalities.models import Region
from plans import reference
from plans.models import Plan, ReportEvent, YearlyReport
from plans.progress.selectors import with_plans
from rin_portal import permissions
from rin_portal.text import slovenian_sort_key

from .models import NewsItem


def public_plans_of(region: Region) -> list[Plan]:
    """Public plans of the region (confirmed or adopted, or drafts in public
    consultation), its municipalities' strategies included. One query: no joins, the
    region and municipalities come from the reference data."""
    kept = reference.reference()
    municipalities = [m.pk for m in kept.municipalities.values() if m.region_id == region.pk]
    plans = list(
        Plan.objects.filter(
            Q(region_id=region.pk) | Q(municipality_id__in=municipalities),
            permissions.public_plans_q(),
        ).order_by("-first_year", "title")
    )
    reference.attach(plans)
    return plans


def approved_reports_of(plans: list[Plan]) -> list[YearlyReport]:
    """The approved reports of these plans, newest first, each given its plan. One query."""
    reports = with_plans(
        YearlyReport.objects.filter(
            status=YearlyReport.Status.APPROVED, plan__in=[plan.pk for plan in plans]
        ),
        plans,
    )
    return sorted(reports, key=lambda report: (-report.year, slovenian_sort_key(report.plan.title)))


def news_of(region: Region, limit: int = 10) -> list[NewsItem]:
    """The region's latest news as its page lists them: titles and dates."""
    return _listed(region.news.all(), limit)


def news_of_slug(region_slug: str) -> QuerySet[NewsItem]:
    return NewsItem.objects.filter(region__slug=region_slug).select_related(
        "region", "plan", "report__plan"
    )


def latest_news(limit: int = 5) -> list[NewsItem]:
    """The latest news of every region, as the home page lists them: titles, dates and
    regions."""
    return _listed(NewsItem.objects.all(), limit)


def _listed(news: QuerySet[NewsItem], limit: int) -> list[NewsItem]:
    """The newest `limit` items, read for a list (titles and dates), each given its
    region from the reference data. One query, joined to nothing."""
    items = list(
        news.only("id", "region_id", "title", "published_on").order_by("-published_on", "-id")[
            :limit
        ]
    )
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


def approved_reports_of_plan(plan: Plan) -> QuerySet[YearlyReport]:
    return YearlyReport.objects.filter(plan=plan, status=YearlyReport.Status.APPROVED).order_by(
        "-year"
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
