"""The reference data kept in each process's memory: never out of date, and not read
again for edits of other data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from municipalities.models import Municipality, Region
from plans import reference
from plans.models import Plan
from rin_portal import generation

from ..builders import make_area, make_plan

pytestmark = pytest.mark.django_db(transaction=True)


def _tables_read(queries) -> str:
    return " ".join(query["sql"] for query in queries.captured_queries)


def test_plans_get_region_municipality_and_programme_without_queries():
    gorenjska_plan = make_plan(slug="regijski")
    velenje = Municipality.objects.get(name="Velenje")
    strategy = make_plan(slug="obcinski", municipality=velenje)
    plans = list(Plan.objects.filter(pk__in=[gorenjska_plan.pk, strategy.pk]).order_by("slug"))
    reference.reference()
    with CaptureQueriesContext(connection) as queries:
        reference.attach(plans)
        names = [
            (plan.scope_region.name, plan.municipality and plan.municipality.name) for plan in plans
        ]
        programmes = {plan.national_programme.code for plan in plans}
    assert names == [("Savinjska", "Velenje"), ("Gorenjska", None)]
    assert programmes == {"renpsv-2013-2020"}
    assert "municipalities_" not in _tables_read(queries)


def test_an_edit_of_a_plan_keeps_the_reference_data(client, member):
    plan = make_plan(slug="urejan")
    client.force_login(member)
    client.get(plan.get_absolute_url())
    make_area(plan, title="Novo področje")  # committed: the content generation changes
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{plan.get_absolute_url()}zgodovina/")
    assert response.status_code == 200
    assert "municipalities_" not in _tables_read(queries)


def test_a_corrected_region_shows_at_once(client):
    plan = make_plan(slug="objavljen", status="confirmed", confirmed_on="2017-06-30")
    url = f"/regije/gorenjska/{plan.slug}/"
    assert "Gorenjska" in client.get(url).content.decode()
    before = generation.reference()
    Region.objects.filter(slug="gorenjska").update(name="Gorenjska regija")
    assert generation.reference() != before
    assert "Gorenjska regija" in client.get(url).content.decode()


def test_only_writes_of_reference_data_renew_the_reference_generation():
    before = generation.reference()
    make_plan(slug="nov")
    assert generation.reference() == before
    Municipality.objects.filter(name="Velenje").update(is_urban=True)
    assert generation.reference() != before


def test_kept_regions_are_not_changed_by_the_pages_that_list_them(client):
    make_plan(slug="objavljen", status="confirmed", confirmed_on="2017-06-30")
    client.get("/")  # gives its copies of the regions their plans
    assert not any(hasattr(r, "visible_plans") for r in reference.reference().regions.values())


def test_a_renamed_provider_shows_in_a_plan_kept_in_the_cache(client):
    from providers.models import Provider

    coordinator = Provider.objects.get(name="Center za socialno delo Gorenjska, Enota Kranj")
    plan = make_plan(
        slug="objavljen", status="confirmed", confirmed_on="2017-06-30", coordinator=coordinator
    )
    url = f"/regije/gorenjska/{plan.slug}/"
    assert coordinator.name in client.get(url).content.decode()
    Provider.objects.filter(pk=coordinator.pk).update(name="CSD Gorenjska, Enota Kranj (novo)")
    assert "CSD Gorenjska, Enota Kranj (novo)" in client.get(url).content.decode()


def _plans_read(queries) -> int:
    return sum('FROM "plans_plan"' in query["sql"] for query in queries.captured_queries)


def test_lists_of_plans_are_not_read_again_after_a_change_of_news(client, gorenjska):
    """The home page and a region's page keep their plans under the plans generation:
    news (or a report) changes the page, not its plans."""
    make_plan(slug="objavljen", status="confirmed", confirmed_on="2017-06-30")
    for url in ("/", "/regije/gorenjska/"):
        client.get(url)
    gorenjska.news.create(title="Novica", body="Besedilo", published_on=datetime.date.today())
    for url in ("/", "/regije/gorenjska/"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert "Novica" in response.content.decode()
        assert _plans_read(queries) == 0, url


def test_a_plan_confirmed_shows_at_once_in_the_lists(client):
    plan = make_plan(slug="nov-nacrt", title="Nov načrt za Gorenjsko")
    for url in ("/", "/regije/gorenjska/"):
        assert "Nov načrt za Gorenjsko" not in client.get(url).content.decode()
    Plan.objects.filter(pk=plan.pk).update(status="confirmed", confirmed_on="2017-06-30")
    for url in ("/", "/regije/gorenjska/"):
        assert "Nov načrt za Gorenjsko" in client.get(url).content.decode(), url


def test_each_reach_keeps_its_own_list_of_plans(client, member, outsider):
    """A member's drafts, kept for the home page, never show to a visitor or to a member
    of another region."""
    make_plan(slug="osnutek", title="Osnutek za Gorenjsko")
    client.force_login(member)
    assert "Osnutek za Gorenjsko" in client.get("/").content.decode()
    client.force_login(outsider)
    assert "Osnutek za Gorenjsko" not in client.get("/").content.decode()
    client.logout()
    assert "Osnutek za Gorenjsko" not in client.get("/").content.decode()
    client.force_login(member)
    assert "Osnutek za Gorenjsko" in client.get("/").content.decode()
