"""Coordination-group members edit a plan together in Chromium."""

import re

from playwright.sync_api import expect

from plans.models import Indicator, Plan, Programme

from .conftest import assert_accessible, follow, log_in

DRAFT = "/nacrti/rin-gorenjska-2017-2020/"


def _programme(title_start: str) -> Programme:
    return Programme.objects.get(
        plan__slug="rin-gorenjska-2017-2020", title__startswith=title_start
    )


def test_member_edits_a_programme_and_its_indicator_target(demo_site, page):
    log_in(page, "demo-clan")
    page.goto(DRAFT)
    programme = _programme("Medgeneracijski")
    follow(page.get_by_role("link", name=f"Uredi: {programme.title}").first)
    assert_accessible(page)  # the programme form, with its type-ahead pickers
    page.get_by_label("Ciljne skupine").fill("starejši, svojci, prostovoljci")
    follow(page.get_by_role("button", name="Shrani"))
    expect(page.get_by_text("Shranjeno")).to_be_visible()

    follow(page.get_by_role("link", name="Uredi: Število medgeneracijskih centrov"))
    assert_accessible(page)  # the indicator form
    page.get_by_label("Ciljna vrednost*", exact=True).fill("5")
    page.get_by_label("Ciljna vrednost za 2019").fill("3")
    follow(page.get_by_role("button", name="Shrani"))
    indicator = Indicator.objects.get(programme=programme, name="Število medgeneracijskih centrov")
    assert indicator.target_value == 5 and indicator.year_targets.get(year=2019).value == 3
    assert Programme.objects.get(pk=programme.pk).target_groups == "starejši, svojci, prostovoljci"
    # Back on the programme's page, its history shows the change as before → after.
    history = page.locator("#history")
    expect(history.get_by_text("Ciljna vrednost", exact=True).first).to_be_visible()
    expect(history.locator("del", has_text="4").first).to_be_visible()
    expect(history.locator("ins", has_text="5").first).to_be_visible()


def test_second_member_gets_the_conflict_page_and_merges_both_texts(demo_site, new_page):
    from django.contrib.auth import get_user_model

    from rin_portal.models import Role

    colleague = get_user_model().objects.create_user(
        "kolegica", password="rin-demo-2026", first_name="Kolegica"
    )
    Role.objects.create(
        user=colleague,
        kind=Role.Kind.GROUP_MEMBER,
        region=Plan.objects.get(slug="rin-gorenjska-2017-2020").region,
    )
    programme = _programme("Družinski")
    edit = f"{DRAFT}programi/{programme.pk}/uredi/"

    first, second = new_page(), new_page()
    log_in(first, "demo-clan")
    log_in(second, "kolegica")
    first.goto(edit)
    second.goto(edit)  # both loaded the same version
    first.get_by_label("Opis").fill("Besedilo prve članice o svetovalnici.")
    follow(first.get_by_role("button", name="Shrani"))
    expect(first.get_by_text("Shranjeno")).to_be_visible()

    second.get_by_label("Opis").fill("Besedilo kolegice o skupinah za starše.")
    follow(second.get_by_role("button", name="Shrani"))
    expect(second.get_by_role("heading", name="Nekdo je to shranil pred vami")).to_be_visible()
    expect(second.get_by_text("Besedilo prve članice o svetovalnici.")).to_be_visible()
    assert_accessible(second)
    merged = "Besedilo prve članice o svetovalnici. Besedilo kolegice o skupinah za starše."
    second.get_by_label("Opis").fill(merged)
    follow(second.get_by_role("button", name="Shrani združeno različico"))
    expect(second.get_by_text("Shranjeno")).to_be_visible()
    assert Programme.objects.get(pk=programme.pk).description == merged


def test_confirmed_plan_asks_for_a_reason_when_a_target_changes(demo_site, page):
    log_in(page, "demo-clan")
    page.goto("/nacrti/rin-gorenjska-2014-2016/")
    expect(page.get_by_role("link", name="Uredi podatke načrta")).to_have_count(0)  # read-only
    follow(page.get_by_role("link", name="Začni spremembo"))
    page.get_by_label("Razlog za spremembo načrta").select_option("budget_change")
    page.get_by_label("Pojasnilo").fill("Občine so znižale sofinanciranje.")
    follow(page.get_by_role("button", name="Začni spremembo"))
    expect(page.get_by_text("Sprememba v pripravi").first).to_be_visible()

    indicator = Indicator.objects.get(
        programme__plan__slug="rin-gorenjska-2014-2016", name__startswith="Število družin"
    )
    page.goto(f"/nacrti/rin-gorenjska-2014-2016/kazalniki/{indicator.pk}/uredi/")
    page.get_by_label("Ciljna vrednost*", exact=True).fill("140")
    follow(page.get_by_role("button", name="Shrani"))
    summary = page.get_by_role("alert").filter(has_text="Nič ni bilo shranjeno")
    expect(summary.get_by_text(re.compile("povejte, zakaj|say why"))).to_be_visible()
    expect(summary).to_be_focused()
    assert Indicator.objects.get(pk=indicator.pk).target_value == 160
    page.get_by_label("Razlog za spremembo", exact=True).select_option("budget_change")
    page.get_by_label("Pojasnilo").fill("Manj sredstev za svetovanje.")
    follow(page.get_by_role("button", name="Shrani"))
    assert Indicator.objects.get(pk=indicator.pk).target_value == 140
    page.goto("/nacrti/rin-gorenjska-2014-2016/zgodovina/")
    expect(page.get_by_text("Manj sredstev za svetovanje.")).to_be_visible()


def test_reviewer_sees_the_plan_but_cannot_edit(demo_site, page):
    log_in(page, "demo-ministrstvo")
    page.goto(DRAFT)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Uredi"))).to_have_count(0)
    programme = _programme("Družinski")
    response = page.goto(f"{DRAFT}programi/{programme.pk}/uredi/")
    assert response.status == 403


def test_member_moves_a_chapter_down_with_its_button(demo_site, page):
    """The ↑ ↓ buttons post a form of their own: with its CSRF token, or the browser's
    user gets Django's refusal (the test client does not check the token)."""
    from plans.models import Chapter

    chapters = Chapter.objects.filter(plan__slug="rin-gorenjska-2017-2020").order_by("position")
    first, second = list(chapters)[:2]
    log_in(page, "demo-clan")
    page.goto(DRAFT)
    follow(page.get_by_role("button", name=f"Premakni dol: {first.title}"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Regijski izvedbeni načrt")
    order = list(chapters.values_list("pk", flat=True))
    assert order.index(second.pk) < order.index(first.pk)


def test_the_provider_pickers_speak_slovenian_and_say_what_is_chosen(demo_site, page):
    programme = _programme("Medgeneracijski")
    log_in(page, "demo-clan")
    page.goto(f"{DRAFT}programi/{programme.pk}/uredi/")
    lead = page.get_by_role("combobox", name="Nosilec")
    expect(lead).to_have_accessible_description(f"Izbrano: {programme.lead}")
    implementers = page.get_by_role("combobox", name="Izvajalci")
    implementers.fill("qqqq")
    expect(page.get_by_text("Ni zadetkov")).to_be_visible()
    assert page.get_by_text("No results found").count() == 0
