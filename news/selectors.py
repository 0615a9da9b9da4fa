from django.db.models import Q, QuerySet

from municipalities.models import Region
from plans import reference
from plans.models import Plan, ReportEvent, YearlyReport
from plans.progress.selectors import with_plans
from rin_portal.queries import the_one
from rin_portal.text import slovenian_sort_key

from .models import NewsItem


def public_plans_of(region: Region) -> list[Plan]:
    """Confirmed or adopted plans of the region, its municipalities' strategies included.
    One query: no joins, the region and municipalities come from the reference data."""
    kept = reference.reference()
    municipalities = [m.pk for m in kept.municipalities.values() if m.region_id == region.pk]
    plans = list(
        Plan.objects.filter(
            Q(region_id=region.pk) | Q(municipality_id__in=municipalities),
            confirmed_on__isnull=False,
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


def news_of(region: Region) -> QuerySet[NewsItem]:
    return region.news.select_related("region", "plan", "report__plan").order_by(
        "-published_on", "-id"
    )


def news_of_slug(region_slug: str) -> QuerySet[NewsItem]:
    return NewsItem.objects.filter(region__slug=region_slug).select_related(
        "region", "plan", "report__plan"
    )


def latest_news(limit: int = 5) -> list[NewsItem]:
    return list(NewsItem.objects.select_related("region").order_by("-published_on", "-id")[:limit])


def public_plan(plan_slug: str) -> Plan | None:
    """A confirmed or adopted plan, or None (drafts are never public).

    Looked up only to draw the page (served whole from the cache otherwise), when its
    text names the coordinator and the predecessor: joined here, not read apart."""
    plan = the_one(
        Plan.objects.select_related("coordinator", "predecessor").filter(
            slug=plan_slug, confirmed_on__isnull=False
        )
    )
    if plan is not None:
        reference.attach([plan])
    return plan


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
