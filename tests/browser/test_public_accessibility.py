"""axe finds no WCAG 2.1 AA violation on any page a visitor can reach without an account."""

import datetime

import pytest
from django.utils import timezone

from municipalities.models import Region
from news.models import NewsItem
from plans.models import Plan, YearlyReport

from .conftest import assert_accessible, follow

PUBLIC_PAGES = [
    "/",
    "/nacrti/",
    "/regije/gorenjska/",
    "/regije/gorenjska/rin-gorenjska-2014-2016/",
    "/regije/savinjska/strategija-velenje-2014-2020/",
    "/regije/gorenjska/rin-gorenjska-2014-2016/porocila/2015/",
    "/nacrti/rin-gorenjska-2014-2016/porocila/",
    "/e-novice/",
    "/e-novice/potrditev/neveljavna-povezava/",
    "/e-novice/odjava/neveljavna-povezava/",
    "/prijava/",
    "/dostopnost/",
    "/zasebnost/",
    "/ni-take-strani/",
]


@pytest.fixture
def news_item(demo_site):
    return NewsItem.objects.create(
        region=Region.objects.get(code=9),
        title="Nov center",
        body="Odprli smo **nov** center.",
        published_on=datetime.date(2026, 11, 20),
    )


def test_every_public_page_is_accessible(demo_site, news_item, page):
    assert YearlyReport.objects.filter(
        plan__slug="rin-gorenjska-2014-2016", year=2015, status="approved"
    ).exists()
    for path in [*PUBLIC_PAGES, news_item.get_absolute_url()]:
        page.goto(path)
        assert_accessible(page)


def test_a_draft_in_public_consultation_is_accessible(demo_site, page):
    """Its notice (until when and where to comment, then that the period has ended), the
    region's list marking it, and its programme pages, which say it is a draft."""
    today = timezone.localdate()
    plan = Plan.objects.get(slug="rin-gorenjska-2017-2020")
    plan.status = Plan.Status.CONSULTATION
    plan.consultation_started_on = today - datetime.timedelta(days=30)
    plan.consultation_ends_on = today + datetime.timedelta(days=5)
    plan.consultation_email = "pripombe@example.si"
    plan.save()
    programme = plan.programmes.order_by("position", "id").first()
    for path, shown in (
        ("/regije/gorenjska/rin-gorenjska-2017-2020/", "#consultation a[href^='mailto:']"),
        (f"/nacrti/rin-gorenjska-2017-2020/programi/{programme.pk}/", ".alert-info"),
        ("/regije/gorenjska/", ".badge-status-consultation"),
    ):
        page.goto(path)
        assert page.locator(shown).first.is_visible(), path
        assert_accessible(page)
    plan.consultation_ends_on = today - datetime.timedelta(days=1)
    plan.save()
    page.goto("/regije/gorenjska/rin-gorenjska-2017-2020/")
    assert page.locator("#consultation").is_visible()
    assert page.locator("#consultation a[href^='mailto:']").count() == 0  # ended
    assert_accessible(page)


def test_subscription_pages_are_accessible(demo_site, page, settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "documents"],
        }
    }
    page.goto("/e-novice/")
    follow(page.get_by_role("button", name="Prijava na e-novice"))  # empty form: errors shown
    assert_accessible(page)
    page.get_by_label("Vaš e-poštni naslov").fill("a@example.org")
    page.get_by_label("Gorenjska").check()
    page.get_by_label("Strinjam se", exact=False).check()
    follow(page.get_by_role("button", name="Prijava na e-novice"))
    assert_accessible(page)


def test_the_sign_in_page_of_a_demo_site_is_accessible(demo_site, page, settings):
    settings.DEMO_MODE = True  # it lists the demo accounts
    page.goto("/prijava/")
    assert page.get_by_text("demo-ministrstvo").is_visible()
    assert_accessible(page)
