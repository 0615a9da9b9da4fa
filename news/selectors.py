from django.db.models import QuerySet

from municipalities.models import Region
from plans import reference
from plans.models import Plan, YearlyReport
from rin_portal.permissions import region_plans_q
from rin_portal.queries import the_one

from .models import NewsItem


def public_plans_of(region: Region) -> QuerySet[Plan]:
    """Confirmed or adopted plans of the region, its municipalities' strategies included."""
    return (
        Plan.objects.filter(region_plans_q(region), confirmed_on__isnull=False)
        .select_related("region", "municipality")
        .order_by("-first_year", "title")
    )


def approved_reports_of(region: Region) -> QuerySet[YearlyReport]:
    return (
        YearlyReport.objects.filter(
            status=YearlyReport.Status.APPROVED, plan__in=public_plans_of(region)
        )
        .select_related("plan")
        .order_by("-year", "plan__title")
    )


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
    """A confirmed or adopted plan, or None (drafts are never public)."""
    # No joins: see permissions.get_plan_for_view.
    plan = the_one(Plan.objects.filter(slug=plan_slug, confirmed_on__isnull=False))
    if plan is not None:
        reference.attach([plan])
    return plan


def approved_reports_of_plan(plan: Plan) -> QuerySet[YearlyReport]:
    return YearlyReport.objects.filter(plan=plan, status=YearlyReport.Status.APPROVED).order_by(
        "-year"
    )


def approved_reports_of_slug(plan_slug: str) -> QuerySet[YearlyReport]:
    return YearlyReport.objects.filter(
        plan__slug=plan_slug, plan__confirmed_on__isnull=False, status=YearlyReport.Status.APPROVED
    ).select_related("plan__region", "plan__municipality__region")
