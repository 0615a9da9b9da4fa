"""A signed-in session ends after minutes without activity: the page warns before, lets
its user stay signed in (WCAG 2.2.1), and loses nothing typed when it has ended."""

import re

from playwright.sync_api import expect

from plans.models import Programme

from .conftest import follow, log_in

DRAFT = "/nacrti/rin-gorenjska-2017-2020/"


def _edit_url() -> tuple[Programme, str]:
    programme = Programme.objects.get(
        plan__slug="rin-gorenjska-2017-2020", title__startswith="Družinski"
    )
    return programme, f"{DRAFT}programi/{programme.pk}/uredi/"


def test_text_typed_before_signing_out_elsewhere_is_kept_and_saved_after_signing_in(
    demo_site, new_page
):
    programme, edit = _edit_url()
    form = new_page()
    log_in(form, "demo-clan")
    form.goto(edit)
    text = "Dolgo besedilo, pisano pol ure, o skupinah za starše."
    form.get_by_label("Opis").fill(text)

    # Meanwhile, in another window of the same browser, the user signs out.
    other = form.context.new_page()
    other.goto(DRAFT)
    follow(other.get_by_role("button", name="Odjava"))

    form.get_by_role("button", name="Shrani").click()
    expect(form.get_by_role("alert").get_by_text("Odjavljeni ste")).to_be_visible()
    assert form.url.endswith(edit)  # not sent to the sign-in page
    expect(form.get_by_label("Opis")).to_have_value(text)
    assert Programme.objects.get(pk=programme.pk).description != text

    link = form.get_by_role("link", name="Ponovno se prijavite v novem oknu")
    expect(link).to_have_attribute("target", "_blank")
    form.get_by_role("alert").get_by_role("button", name="Zapri").click()  # it covered the form
    expect(link).to_be_hidden()
    log_in(other, "demo-clan")  # as the link offers, in the other window

    follow(form.get_by_role("button", name="Shrani"))  # sent with the new form token
    expect(form.get_by_text("Shranjeno")).to_be_visible()
    assert Programme.objects.get(pk=programme.pk).description == text


def test_the_page_warns_before_the_session_ends_and_the_user_stays_signed_in(
    demo_site, page, settings
):
    settings.SESSION_IDLE_TIMEOUT = 12  # seconds: warned some three seconds before the end
    log_in(page, "demo-clan")
    page.goto(DRAFT)
    warning = page.get_by_role("alertdialog", name="Kmalu boste odjavljeni")
    expect(warning).to_be_visible(timeout=15000)
    expect(warning).to_contain_text(re.compile(r"Seja se konča ob \d{1,2}:\d{2}"))
    stay = warning.get_by_role("button", name="Ostanite prijavljeni")
    expect(stay).to_be_focused()
    stay.evaluate("button => button.click()")  # the button alone, no key or pointer activity
    expect(warning).to_be_hidden()  # the server gave the session its full time again
    page.wait_for_timeout(6000)  # well past the end first announced
    # Asked without a page of its own (which would count as activity): still signed in.
    status = page.evaluate("fetch('/seja/').then(response => response.json())")
    assert status["signed_in"] and status["seconds_left"] > 2


def test_typing_on_a_page_keeps_the_session_going_without_a_warning(demo_site, page, settings):
    settings.SESSION_IDLE_TIMEOUT = 12
    programme, edit = _edit_url()
    log_in(page, "demo-clan")
    page.goto(edit)
    description = page.get_by_label("Opis")
    description.fill("")
    for word in ["Pišem", " dolgo", " besedilo", " brez", " prekinitve", " ."]:
        page.wait_for_timeout(2500)  # 15 s in all, past the 12 s without a request
        description.press_sequentially(word)
        assert page.get_by_role("alertdialog").is_hidden()
    follow(page.get_by_role("button", name="Shrani"))
    expect(page.get_by_text("Shranjeno")).to_be_visible()
    assert (
        Programme.objects.get(pk=programme.pk).description
        == "Pišem dolgo besedilo brez prekinitve ."
    )


def test_twelve_hours_after_signing_in_the_warning_says_to_save(demo_site, page, settings):
    """The absolute end cannot be put off: the warning says so and offers no button."""
    settings.SESSION_COOKIE_AGE = 12  # seconds here, 12 hours in the portal
    log_in(page, "demo-clan")
    page.goto(DRAFT)
    warning = page.get_by_role("alertdialog", name="Kmalu boste odjavljeni")
    expect(warning).to_be_visible(timeout=15000)
    expect(warning).to_contain_text("Shranite svoje delo")
    expect(warning.get_by_role("button")).to_have_count(0)
