"""A first walk through the portal as a coordination-group member would take it."""

from playwright.sync_api import expect

from .conftest import assert_accessible, follow, log_in


def test_member_opens_the_draft_rin_from_the_home_page(demo_site, page):
    page.goto("/")
    expect(page.get_by_role("heading", name="Gorenjska")).to_be_visible()
    # The draft is not public: before signing in, the home page does not list it.
    expect(page.get_by_role("link", name="2017–2020 za Gorenjsko")).to_have_count(0)

    log_in(page, "demo-clan")
    page.goto("/")
    follow(
        page.get_by_role(
            "link",
            name="Regijski izvedbeni načrt na področju socialnega varstva 2017–2020 za Gorenjsko",
        )
    )

    assert page.get_by_role("heading", level=1).inner_text().startswith("Regijski izvedbeni načrt")
    expect(page.get_by_text("Osnutek").first).to_be_visible()
    expect(
        page.get_by_role("heading", name="1.1 Družinski center Gorenjske (primer)")
    ).to_be_visible()


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
    follow(page.get_by_role("button", name="EN", exact=False).and_(page.locator("[lang=en]")))
    assert page.get_by_role("heading", level=1).inner_text() == "Regional plans for social care"
