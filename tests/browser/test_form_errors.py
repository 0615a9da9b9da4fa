"""A refused form opens with a summary of its errors: it takes focus, so a screen reader
reads it first, and each of its links leads into the field it names (WCAG 3.3.1)."""

from playwright.sync_api import expect

from .conftest import follow, log_in

DRAFT = "/nacrti/rin-gorenjska-2017-2020/"


def test_a_failed_sign_in_says_so_first(demo_site, page):
    page.goto("/prijava/")
    page.get_by_label("Uporabniško ime").fill("demo-clan")
    page.get_by_label("Geslo").fill("napačno geslo")
    follow(page.locator("main").get_by_role("button", name="Prijava"))
    summary = page.get_by_role("alert").filter(has_text="Prijava ni uspela")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("uporabniško ime")


def test_a_lifecycle_step_with_a_wrong_date_leads_to_the_date(demo_site, page):
    log_in(page, "demo-clan")
    page.goto(f"{DRAFT}korak/confirm/")
    page.get_by_label("Datum potrditve").fill("2099-01-01")
    page.get_by_label("Potrdil").fill("Koordinacijska skupina")
    follow(page.locator("main").get_by_role("button", name="Vpiši potrditev"))
    summary = page.get_by_role("alert").filter(has_text="Nič ni bilo shranjeno")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="Datum potrditve").click()
    expect(page.get_by_label("Datum potrditve")).to_be_focused()


def test_a_consultation_ending_in_the_past_leads_to_its_last_day(demo_site, page):
    log_in(page, "demo-clan")
    page.goto(f"{DRAFT}korak/consultation/")
    last_day = page.locator("#id_consultation_ends_on")
    last_day.fill("2020-01-01")
    follow(page.locator("main").get_by_role("button", name="Začni javno obravnavo"))
    summary = page.get_by_role("alert").filter(has_text="Nič ni bilo shranjeno")
    expect(summary).to_be_focused()
    summary.locator("a[href='#id_consultation_ends_on']").click()
    expect(last_day).to_be_focused()


def test_e_news_without_a_region_says_which_field(demo_site, page):
    page.goto("/e-novice/")
    email = page.get_by_label("Vaš e-poštni naslov")
    expect(email).to_have_attribute("autocomplete", "email")
    email.fill("bralka@example.org")
    page.get_by_role("checkbox", name="Strinjam se", exact=False).check()
    follow(page.locator("main").get_by_role("button", name="Prijava na e-novice"))
    summary = page.get_by_role("alert").filter(has_text="Nič ni bilo poslano")
    expect(summary).to_be_focused()
    expect(page.get_by_role("group", name="Regije")).to_have_accessible_description(
        "Izberite vsaj eno regijo."
    )
