"""A first walk through the portal as a coordination-group member would take it."""

from .conftest import assert_accessible, log_in


def test_member_opens_the_draft_rin_from_the_home_page(demo_site, page):
    page.goto("/")
    assert page.get_by_role("heading", name="Gorenjska").is_visible()
    # The draft is not public: before signing in, the home page does not list it.
    assert page.get_by_role("link", name="2017–2020 za Gorenjsko").count() == 0

    log_in(page, "demo-clan")
    page.goto("/")
    page.get_by_role(
        "link",
        name="Regijski izvedbeni načrt na področju socialnega varstva 2017–2020 za Gorenjsko",
    ).click()

    assert page.get_by_role("heading", level=1).inner_text().startswith("Regijski izvedbeni načrt")
    assert page.get_by_text("Osnutek").first.is_visible()
    assert page.get_by_role("heading", name="1.1 Družinski center Gorenjske (primer)").is_visible()


def test_home_page_has_no_accessibility_violations(demo_site, page):
    page.goto("/")
    assert_accessible(page)


def test_plan_page_has_no_accessibility_violations(demo_site, page):
    log_in(page, "demo-clan")
    page.goto("/nacrti/rin-gorenjska-2017-2020/")
    assert_accessible(page)


def test_language_switch_shows_english(demo_site, page):
    page.goto("/")
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Regionalni načrti socialnega varstva"
    )
    page.get_by_role("button", name="EN", exact=False).and_(page.locator("[lang=en]")).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Regional plans for social care"
