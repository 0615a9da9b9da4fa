"""Pages run the same number of queries whatever the size of the plan."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from municipalities.models import Municipality
from plans.models import Activity, FundingLine, Indicator, IndicatorYearTarget, Plan
from providers.models import Provider

from ..builders import make_area, make_plan, make_programme


def fill(plan: Plan, programmes: int) -> None:
    providers = list(Provider.objects.filter(seat__region=plan.region)[:3])
    municipalities = list(Municipality.objects.filter(region=plan.region)[:4])
    for n in range(programmes):
        area = make_area(plan, title=f"Področje {n}")
        programme = make_programme(plan, area=area, title=f"Program {n}")
        programme.implementers.set(providers)
        programme.municipalities.set(municipalities)
        Activity.objects.create(programme=programme, description="Aktivnost")
        FundingLine.objects.create(
            programme=programme, source="eu_funds", year=2018, planned_amount=Decimal(5)
        )
        indicator = Indicator.objects.create(
            programme=programme, name="Delež", unit="percent", target_value=10, target_year=2020
        )
        IndicatorYearTarget.objects.create(indicator=indicator, year=2019, value=5)


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["detail", "history", "list", "home"])
def test_plan_pages_query_count_does_not_grow_with_programmes(client, member, gorenjska, page):
    small = make_plan(region=gorenjska, slug="majhen")
    fill(small, 1)
    large = make_plan(region=gorenjska, slug="velik")
    fill(large, 40)
    client.force_login(member)
    urls = {
        "detail": lambda p: p.get_absolute_url(),
        "history": lambda p: f"{p.get_absolute_url()}zgodovina/",
        "list": lambda p: "/nacrti/",
        "home": lambda p: "/",
    }
    client.get("/")  # warm the session
    assert count_queries(client, urls[page](small)) == count_queries(client, urls[page](large))


def test_plan_page_stays_within_fifteen_queries(client, member, gorenjska):
    earlier = make_plan(region=gorenjska, slug="prejsnji", title="Prejšnji načrt")
    coordinator = Provider.objects.get(name="Center za socialno delo Gorenjska, Enota Kranj")
    plan = make_plan(region=gorenjska, slug="velik", coordinator=coordinator, predecessor=earlier)
    fill(plan, 40)
    client.force_login(member)
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(plan.get_absolute_url())
    assert len(queries) <= 15
    page = response.content.decode()
    assert coordinator.name in page and "Prejšnji načrt" in page


@pytest.mark.parametrize("status", ["confirmed", "consultation", "consultation-ended"])
def test_public_plan_page_query_count_does_not_grow_with_programmes(client, gorenjska, status):
    """A visitor's page of a confirmed plan or a draft in public consultation (its notice
    with the last day and address for comments comes with the plan: no query)."""
    import datetime

    from django.urls import reverse
    from django.utils import timezone

    today = timezone.localdate()
    fields = {
        "confirmed": {"status": "confirmed", "confirmed_on": datetime.date(2017, 6, 1)},
        "consultation": {"consultation_ends_on": today},
        "consultation-ended": {"consultation_ends_on": today - datetime.timedelta(days=1)},
    }[status]
    if status != "confirmed":
        fields.update(
            status="consultation",
            consultation_started_on=today - datetime.timedelta(days=30),
            consultation_email="pripombe@example.si",
        )
    for slug, programmes in (("majhen", 1), ("velik", 40)):
        fill(make_plan(region=gorenjska, slug=slug, **fields), programmes)
    client.get("/")  # the reference data, kept
    small, large = (reverse("public:plan", args=[gorenjska.slug, s]) for s in ("majhen", "velik"))
    assert count_queries(client, small) == count_queries(client, large)
