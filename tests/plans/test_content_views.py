"""Editing through the browser forms: roles, scope, bad input and conflicts."""

from decimal import Decimal

import pytest
from django.urls import reverse

from plans import selectors
from plans.models import Chapter, FundingLine, Indicator, NationalProgramme, Plan, Programme

from ..builders import make_plan, make_programme

# A change as the history marks it, for screen readers too ("izbrisano:", "dodano:").
DEL = '<del class="diff-before"><span class="visually-hidden">izbrisano: </span>'
INS = '<ins class="diff-after"><span class="visually-hidden">dodano: </span>'


def edit_url(plan, segment, pk):
    return reverse("plans:content_edit", args=[plan.slug, segment, pk])


def programme_data(programme, **changes):
    data = {
        "version": programme.version,
        "area": programme.area_id,
        "goal": "",
        "title": programme.title,
        "description": programme.description,
        "target_groups": "",
        "lead": programme.lead_id or "",
        "implementers": [],
        "municipalities": list(programme.municipalities.values_list("pk", flat=True)),
        "first_year": programme.first_year,
        "last_year": programme.last_year,
        "national_goals": [],
    }
    data.update(changes)
    return data


@pytest.fixture
def programme(plan):
    return plan.programmes.get()


def test_member_edits_a_programme(client, member, plan, programme):
    client.force_login(member)
    response = client.post(
        edit_url(plan, "programi", programme.pk), programme_data(programme, title="Nov naslov")
    )
    assert response.status_code == 302
    assert Programme.objects.get(pk=programme.pk).title == "Nov naslov"


def test_reviewer_may_read_but_not_edit(client, reviewer, plan, programme):
    client.force_login(reviewer)
    assert client.get(plan.get_absolute_url()).status_code == 200
    assert client.get(edit_url(plan, "programi", programme.pk)).status_code == 403
    response = client.post(
        edit_url(plan, "programi", programme.pk), programme_data(programme, title="X")
    )
    assert response.status_code == 403
    assert Programme.objects.get(pk=programme.pk).title == "Medgeneracijski center"


def test_member_of_another_region_gets_404(client, outsider, plan, programme):
    client.force_login(outsider)
    assert client.get(plan.get_absolute_url()).status_code == 404
    assert (
        client.post(
            edit_url(plan, "programi", programme.pk), programme_data(programme, title="X")
        ).status_code
        == 404
    )
    assert Programme.objects.get(pk=programme.pk).title == "Medgeneracijski center"


def test_anonymous_is_sent_to_sign_in(client, plan, programme):
    response = client.get(edit_url(plan, "programi", programme.pk))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_object_of_another_plan_is_not_found_through_this_plan(client, member, plan, gorenjska):
    other = make_plan(region=gorenjska, slug="drugi-nacrt")
    foreign = make_programme(other)
    client.force_login(member)
    assert client.get(edit_url(plan, "programi", foreign.pk)).status_code == 404


def test_area_id_of_another_plan_is_refused_as_a_choice(client, member, plan, programme, gorenjska):
    other = make_plan(region=gorenjska, slug="drugi-nacrt")
    foreign_area = make_programme(other).area
    client.force_login(member)
    response = client.post(
        edit_url(plan, "programi", programme.pk), programme_data(programme, area=foreign_area.pk)
    )
    assert response.status_code == 200
    assert "area" in response.context["form"].errors
    assert Programme.objects.get(pk=programme.pk).area_id == programme.area_id


def test_implementer_from_another_region_is_refused(client, member, plan, programme):
    from providers.models import Provider

    foreign = Provider.objects.get(name="Center za socialno delo Pomurje, Enota Lendava")
    client.force_login(member)
    response = client.post(
        edit_url(plan, "programi", programme.pk),
        programme_data(programme, implementers=[foreign.pk]),
    )
    assert "implementers" in response.context["form"].errors
    assert not Programme.objects.get(pk=programme.pk).implementers.exists()


@pytest.mark.parametrize("field", ["implementers", "municipalities", "national_goals"])
def test_a_choice_number_too_large_for_the_database_is_an_error_not_a_500(
    client, member, plan, programme, field
):
    client.force_login(member)
    response = client.post(
        edit_url(plan, "programi", programme.pk),
        programme_data(programme, title="Nov naslov", **{field: ["9" * 40]}),
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert response.context["form"]["title"].value() == "Nov naslov"  # what was typed stays
    assert Programme.objects.get(pk=programme.pk).title != "Nov naslov"


def test_years_outside_the_plan_period_get_a_field_error(client, member, plan, programme):
    client.force_login(member)
    response = client.post(
        edit_url(plan, "programi", programme.pk), programme_data(programme, first_year=2010)
    )
    assert "first_year" in response.context["form"].errors


@pytest.fixture
def chapter(plan):
    return Chapter.objects.create(plan=plan, title="Uvod", body="Besedilo.")


def test_a_megabyte_of_text_gets_a_field_error(client, member, plan, chapter):
    client.force_login(member)
    response = client.post(
        edit_url(plan, "poglavja", chapter.pk),
        {"version": 1, "title": "Uvod", "body": "a" * 1_048_576},
    )
    assert response.status_code == 200
    assert "body" in response.context["form"].errors
    assert Chapter.objects.get(pk=chapter.pk).body == "Besedilo."


def test_nul_characters_get_a_field_error(client, member, plan, chapter):
    client.force_login(member)
    response = client.post(
        edit_url(plan, "poglavja", chapter.pk), {"version": 1, "title": "Uv\x00od", "body": ""}
    )
    assert "title" in response.context["form"].errors


def test_html_and_script_are_stored_as_inert_text(client, member, plan, chapter):
    client.force_login(member)
    payload = '<script>alert("x")</script><img src="http://evil.example/x.png" onerror="alert(1)">'
    client.post(
        edit_url(plan, "poglavja", chapter.pk), {"version": 1, "title": "Uvod <b>", "body": payload}
    )
    assert Chapter.objects.get(pk=chapter.pk).body == payload
    page = client.get(plan.get_absolute_url()).content.decode()
    assert '<script>alert("x")' not in page and '<img src="http://evil' not in page
    assert "&lt;script&gt;" in page


def test_markdown_links_survive_but_javascript_urls_do_not(client, member, plan, chapter):
    client.force_login(member)
    body = "[vir](https://www.gov.si/) in [zlo](javascript:alert(1))"
    client.post(
        edit_url(plan, "poglavja", chapter.pk), {"version": 1, "title": "Uvod", "body": body}
    )
    page = client.get(plan.get_absolute_url()).content.decode()
    assert 'href="https://www.gov.si/"' in page and "javascript:alert" not in page


def test_negative_planned_amount_gets_a_field_error(client, member, plan, programme):
    line = FundingLine.objects.get(programme=programme)
    client.force_login(member)
    response = client.post(
        edit_url(plan, "financiranje", line.pk),
        {"version": 1, "source": "ministry", "year": 2017, "planned_amount": "-5"},
    )
    assert "planned_amount" in response.context["form"].errors
    assert FundingLine.objects.get(pk=line.pk).planned_amount == Decimal(1000)


def indicator_data(**changes):
    data = {
        "version": "",
        "name": "Delež",
        "unit": "percent",
        "unit_label": "",
        "direction": "increase",
        "baseline_value": "",
        "baseline_year": "",
        "target_value": "50",
        "target_year": "2020",
    }
    data.update(changes)
    return data


def test_target_without_a_unit_gets_a_field_error(client, member, plan, programme):
    client.force_login(member)
    url = reverse("plans:programme_content_create", args=[plan.slug, programme.pk, "kazalniki"])
    response = client.post(url, indicator_data(unit=""))
    assert "unit" in response.context["form"].errors
    assert programme.indicators.count() == 1


def test_percentage_above_100_and_fractional_counts_are_refused(client, member, plan, programme):
    client.force_login(member)
    url = reverse("plans:programme_content_create", args=[plan.slug, programme.pk, "kazalniki"])
    assert (
        "target_value"
        in client.post(url, indicator_data(target_value="120")).context["form"].errors
    )
    assert (
        "target_value"
        in client.post(url, indicator_data(unit="count", target_value="2.5")).context["form"].errors
    )


def test_a_wrong_baseline_value_gets_its_own_error_and_keeps_the_input(
    client, member, plan, programme
):
    client.force_login(member)
    url = reverse("plans:programme_content_create", args=[plan.slug, programme.pk, "kazalniki"])
    for value in ("150", "-5"):
        response = client.post(url, indicator_data(baseline_value=value, baseline_year="2016"))
        assert response.status_code == 200  # the form again, with the error
        form = response.context["form"]
        assert "baseline_value" in form.errors and "baseline_year" not in form.errors
        assert form["baseline_year"].value() == "2016"
    missing_year = client.post(url, indicator_data(baseline_value="150")).context["form"]
    assert "baseline_year" in missing_year.errors
    assert not Indicator.objects.filter(programme=programme, name="Delež").exists()


def test_new_indicator_with_yearly_targets(client, member, plan, programme):
    client.force_login(member)
    url = reverse("plans:programme_content_create", args=[plan.slug, programme.pk, "kazalniki"])
    response = client.post(url, indicator_data(target_2018="20", target_2019="35"))
    assert response.status_code == 302
    indicator = Indicator.objects.get(programme=programme, name="Delež")
    assert {t.year: t.value for t in indicator.year_targets.all()} == {
        2018: Decimal(20),
        2019: Decimal(35),
    }


def test_stale_version_shows_the_conflict_page_with_both_versions(
    client, member, other_member, plan, chapter
):
    client.force_login(other_member)
    client.post(
        edit_url(plan, "poglavja", chapter.pk),
        {"version": 1, "title": "Uvod", "body": "Besedilo kolega."},
    )
    client.force_login(member)
    response = client.post(
        edit_url(plan, "poglavja", chapter.pk),
        {"version": 1, "title": "Uvod", "body": "Moje besedilo."},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Besedilo kolega." in page and "Moje besedilo." in page
    assert Chapter.objects.get(pk=chapter.pk).body == "Besedilo kolega."
    # The merge form carries the new version: saving it goes through.
    assert response.context["form"]["version"].value() == 2
    merged = client.post(
        edit_url(plan, "poglavja", chapter.pk),
        {"version": 2, "title": "Uvod", "body": "Besedilo kolega. Moje besedilo."},
    )
    assert merged.status_code == 302
    assert Chapter.objects.get(pk=chapter.pk).body == "Besedilo kolega. Moje besedilo."


def test_confirmed_plan_sends_editors_back_with_a_message(client, member, confirmed_plan):
    chapter = Chapter.objects.create(plan=confirmed_plan, title="Uvod")
    client.force_login(member)
    response = client.get(edit_url(confirmed_plan, "poglavja", chapter.pk), follow=True)
    assert "amendment" in response.content.decode() or "spremembo" in response.content.decode()


def test_confirmed_plan_asks_for_a_reason_when_a_target_changes(client, member, confirmed_plan):
    from plans.services import lifecycle

    plan = lifecycle.plan_amend(
        plan=confirmed_plan,
        user=member,
        version=confirmed_plan.version,
        reason="other",
        reason_text="Popravek.",
    )
    indicator = Indicator.objects.get(programme__plan=plan)
    client.force_login(member)
    data = indicator_data(
        version=indicator.version,
        name=indicator.name,
        unit="count",
        target_value="6",
        baseline_value="1",
        baseline_year="2016",
    )
    response = client.post(edit_url(plan, "kazalniki", indicator.pk), data)
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    assert Indicator.objects.get(pk=indicator.pk).target_value == Decimal(4)
    data["reason"] = "budget_change"
    assert client.post(edit_url(plan, "kazalniki", indicator.pk), data).status_code == 302
    assert Indicator.objects.get(pk=indicator.pk).target_value == Decimal(6)


def test_move_accepts_only_post(client, member, plan, chapter):
    client.force_login(member)
    assert (
        client.get(
            reverse("plans:content_move", args=[plan.slug, "poglavja", chapter.pk])
        ).status_code
        == 405
    )


def test_a_move_brings_the_editor_back_to_the_part_it_moved(client, member, plan, chapter):
    """Not to the top of a long plan: to the part's buttons, with its new place said."""
    second = Chapter.objects.create(plan=plan, position=1, title="Drugo", body="Besedilo.")
    client.cookies["django_language"] = "en"
    client.force_login(member)
    url = reverse("plans:content_move", args=[plan.slug, "poglavja", second.pk])
    order = f"{chapter.pk},{second.pk}"
    response = client.post(url, {"direction": "up", "order": order})
    assert response.url == f"{plan.get_absolute_url()}#move-poglavja-{second.pk}"
    page = client.get(response.url).content.decode()
    assert "Moved: Drugo" in page
    assert f'id="move-poglavja-{second.pk}"' in page
    assert page.index("Drugo") < page.index(chapter.title)


def test_delete_asks_first_and_then_deletes(client, member, plan, chapter):
    client.force_login(member)
    url = reverse("plans:content_delete", args=[plan.slug, "poglavja", chapter.pk])
    assert client.get(url).status_code == 200
    assert Chapter.objects.filter(pk=chapter.pk).exists()
    assert client.post(url, {"version": 1}).status_code == 302
    assert not Chapter.objects.filter(pk=chapter.pk).exists()


def test_member_creates_a_plan_in_their_region_only(client, member, gorenjska, pomurska):
    from plans.models import NationalProgramme

    client.force_login(member)
    data = {
        "kind": "rin",
        "region": gorenjska.pk,
        "title": "RIN 2025–2028",
        "first_year": 2025,
        "last_year": 2028,
        "national_programme": NationalProgramme.objects.get(code="renpsv-2022-2030").pk,
    }
    response = client.post(reverse("plans:create"), data)
    plan = Plan.objects.get(title="RIN 2025–2028")
    assert response.status_code == 302 and plan.status == "draft" and plan.chapters.count() == 5
    data["region"] = pomurska.pk
    response = client.post(reverse("plans:create"), data)
    assert "region" in response.context["form"].errors


@pytest.mark.parametrize("year", ["-5", "1999", "2101", "32768"])
def test_a_new_plans_year_out_of_range_gets_one_clear_error(client, member, gorenjska, year):
    client.cookies["django_language"] = "en"
    client.force_login(member)
    data = {"kind": "rin", "region": gorenjska.pk, "title": "RIN", "last_year": 2028}
    response = client.post(reverse("plans:create"), {**data, "first_year": year})
    assert response.context["form"].errors["first_year"] == ["Give a year between 2000 and 2100."]


def test_programme_page_shows_one_programme_with_its_parts_and_history(
    client, member, plan, programme
):
    client.force_login(member)
    client.post(
        edit_url(plan, "programi", programme.pk),
        programme_data(programme, title="Preimenovan program"),
    )
    response = client.get(reverse("plans:programme", args=[plan.slug, programme.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "1.1 Preimenovan program" in page and "Število centrov" in page
    assert f"{DEL}<span>Medgeneracijski</span></del>" in page  # old title, in its history


def _delete(plan, user, kind_key, obj):
    from plans.kinds import KINDS
    from plans.services import content as content_services

    content_services.content_delete(
        plan=plan, user=user, kind=KINDS[kind_key], obj=obj, version=obj.version
    )


def test_saving_a_part_a_colleague_deleted_keeps_the_text_to_add_again(
    client, member, other_member, plan, chapter
):
    url, version = edit_url(plan, "poglavja", chapter.pk), chapter.version
    _delete(plan, other_member, "chapter", chapter)
    client.force_login(member)
    response = client.post(
        url, {"version": version, "title": "Uvod", "body": "Moje novo besedilo."}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Colleague je medtem izbrisal(a) ta del načrta (poglavje)" in page
    assert "Moje novo besedilo." in page
    create = reverse("plans:content_create", args=[plan.slug, "poglavja"])
    assert f'action="{create}"' in page
    assert client.post(create, {"title": "Uvod", "body": "Moje novo besedilo."}).status_code == 302
    assert Chapter.objects.get(plan=plan).body == "Moje novo besedilo."


def test_a_part_whose_programme_was_deleted_too_shows_the_text_typed(
    client, member, other_member, plan, programme
):
    from plans.models import Activity

    activity = Activity.objects.create(programme=programme, description="Delavnice")
    url, version = edit_url(plan, "aktivnosti", activity.pk), activity.version
    _delete(plan, other_member, "activity", activity)
    _delete(plan, other_member, "programme", Programme.objects.get(pk=programme.pk))
    client.force_login(member)
    response = client.post(
        url, {"version": version, "description": "Delavnice za starše", "timeframe": ""}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Delavnice za starše" in page and "<form" not in page.split("<main")[1]


def test_editing_a_part_that_never_existed_is_not_found(client, member, plan):
    client.force_login(member)
    response = client.post(edit_url(plan, "poglavja", 999999), {"title": "x"})
    assert response.status_code == 409
    assert "Ta del načrta (poglavje) je bil medtem izbrisan." in response.content.decode()
    assert client.get(edit_url(plan, "poglavja", 999999)).status_code == 404


def test_a_new_indicator_proposes_the_plans_last_year_as_its_target_year(
    client, member, plan, programme
):
    client.force_login(member)
    url = reverse("plans:programme_content_create", args=[plan.slug, programme.pk, "kazalniki"])
    form = client.get(url).context["form"]
    assert form["target_year"].value() == plan.last_year == 2020


def test_a_failed_save_lists_its_errors_at_the_top_with_links(client, member, plan, programme):
    client.force_login(member)
    url = reverse("plans:programme_content_create", args=[plan.slug, programme.pk, "kazalniki"])
    page = client.post(url, indicator_data(name="", target_value="120")).content.decode()
    summary = page.split("data-error-summary")[1].split("</div>")[0]
    assert "Nič ni bilo shranjeno" in summary
    assert 'href="#id_name"' in summary and 'href="#id_target_value"' in summary


def test_units_read_alike_on_the_plan_page_and_in_the_yearly_reports(
    client, member, plan, programme
):
    """A percentage reads "%" and an amount "EUR" on the plan page, as in the report
    grid and the spreadsheets; the other units by their name."""
    for position, unit in enumerate(("percent", "eur", "persons"), start=1):
        Indicator.objects.create(
            programme=programme,
            position=position,
            name=f"Kazalnik {unit}",
            unit=unit,
            target_value=10,
            target_year=2020,
        )
    client.force_login(member)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "<td>%</td>" in page and "<td>EUR</td>" in page and "<td>osebe</td>" in page
    assert "odstotek" not in page and "evro" not in page


@pytest.mark.parametrize("number", ["abc", "²", "٣", "-1", "9" * 5000])
def test_comparing_versions_by_what_is_not_a_version_number_is_not_found(
    client, member, plan, number
):
    client.force_login(member)
    url = reverse("plans:compare", args=[plan.slug])
    assert client.get(url, {"a": number, "b": number}).status_code == 404


def test_deleting_a_funding_line_names_its_amount_as_the_portal_writes_amounts(
    client, member, plan, programme
):
    line = FundingLine.objects.get(programme=programme)
    FundingLine.objects.filter(pk=line.pk).update(planned_amount=Decimal("15000.00"))
    client.force_login(member)
    page = client.get(reverse("plans:content_delete", args=[plan.slug, "financiranje", line.pk]))
    assert "15.000 EUR" in page.content.decode() and "15000.00" not in page.content.decode()


def test_the_history_names_an_amount_the_same_whatever_the_editors_language(
    client, member, plan, programme
):
    """An amount added in the English interface (15,000) reads 15.000 in the Slovenian
    history, not "15,000", which in Slovenian is fifteen."""
    client.cookies["django_language"] = "en"
    client.force_login(member)
    url = reverse("plans:programme_content_create", args=[plan.slug, programme.pk, "financiranje"])
    data = {"version": "", "source": "municipalities", "year": "2018", "planned_amount": "15,000"}
    assert client.post(url, data, follow=True).status_code == 200  # "Added: …, 15,000 EUR"
    client.cookies["django_language"] = "sl"
    page = client.get(reverse("plans:history", args=[plan.slug])).content.decode()
    assert "Občine 2018: 15.000 EUR" in page and "15,000 EUR" not in page


def test_comparing_confirmed_versions_reads_as_the_history_does(client, member, plan, programme):
    """Field names as people read them, amounts, numbers and dates as the portal writes
    them: not "target_value: 4.00 → 1500.00"."""
    import datetime

    from plans.models import PlanSnapshot
    from plans.selectors import plan_document

    Plan.objects.filter(pk=plan.pk).update(status="confirmed", confirmed_on="2017-09-15")
    plan.refresh_from_db()
    older = PlanSnapshot.objects.create(plan=plan, label="Potrjeno", data=plan_document(plan))
    Indicator.objects.filter(programme=programme).update(target_value=Decimal(1500))
    FundingLine.objects.filter(programme=programme).update(planned_amount=Decimal("12000.50"))
    Plan.objects.filter(pk=plan.pk).update(confirmed_on=datetime.date(2018, 3, 1))
    plan.refresh_from_db()
    newer = PlanSnapshot.objects.create(plan=plan, label="Spremenjeno", data=plan_document(plan))
    client.force_login(member)
    url = reverse("plans:compare", args=[plan.slug])
    page = client.get(url, {"a": older.pk, "b": newer.pk}).content.decode()
    assert "Ciljna vrednost" in page or "ciljna vrednost" in page
    assert f"{INS}1.500</ins>" in page
    assert f"{INS}12.000,50</ins> EUR" in page
    assert f"{INS}2018</ins>" in page and "2018-03-01" not in page
    assert "target_value" not in page and "confirmed_on" not in page and "1500.00" not in page
    # Opened without choosing, the page compares the last two versions.
    assert client.get(url).content.decode().count('<ins class="diff-after">') == page.count(
        '<ins class="diff-after">'
    )


def test_the_history_writes_cents_of_an_amount_as_the_portal_writes_amounts(
    client, member, plan, programme
):
    """1.000 → 24.000,50, as the plan page and the import preview write amounts, not
    24.000,5."""
    line = FundingLine.objects.get(programme=programme)
    client.force_login(member)
    data = {"version": 1, "source": "ministry", "year": 2017, "planned_amount": "24000,5"}
    assert client.post(edit_url(plan, "financiranje", line.pk), data).status_code == 302
    page = client.get(reverse("plans:history", args=[plan.slug])).content.decode()
    assert "24.000,50" in page and "24.000,5<" not in page


def test_funding_sources_read_in_one_order_everywhere(client, member, plan, programme):
    """Ministry, municipalities, EU funds, …, donations: as the form offers them, not as
    their codes sort (donations, eu_funds, ministry, municipalities)."""
    FundingLine.objects.filter(programme=programme).delete()
    for source in ["donations", "eu_funds", "users", "ministry"]:
        FundingLine.objects.create(
            programme=programme, source=source, year=2017, planned_amount=Decimal(100)
        )
    client.force_login(member)
    names = [
        "Ministrstvo (MDDSZ)",
        "Sredstva EU",
        "Prispevki uporabnikov",
        "Donacije in sponzorstva",
    ]
    for url in [
        plan.get_absolute_url(),
        reverse("plans:programme", args=[plan.slug, programme.pk]),
    ]:
        page = client.get(url).content.decode()
        places = [page.find(f">{name}<") for name in names]
        assert -1 not in places and places == sorted(places), url


DUPLICATE_LINE = (
    "The programme already has a funding line from this source for 2017. Change that line instead."
)


def test_adding_a_second_funding_line_for_a_source_and_year_gets_a_field_error(
    client, member, plan, programme
):
    client.cookies["django_language"] = "en"
    client.force_login(member)
    url = reverse("plans:programme_content_create", args=[plan.slug, programme.pk, "financiranje"])
    data = {"version": "", "source": "ministry", "year": "2017", "planned_amount": "500"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["year"] == [DUPLICATE_LINE]
    assert response.context["form"]["planned_amount"].value() == "500"  # the input kept
    assert list(programme.funding_lines.values_list("planned_amount", flat=True)) == [1000]


def test_moving_a_funding_line_onto_another_lines_source_and_year_gets_a_field_error(
    client, member, plan, programme
):
    line = FundingLine.objects.create(
        programme=programme, source="ministry", year=2018, planned_amount=Decimal(200)
    )
    client.cookies["django_language"] = "en"
    client.force_login(member)
    data = {"version": line.version, "source": "ministry", "year": "2017", "planned_amount": "200"}
    response = client.post(edit_url(plan, "financiranje", line.pk), data)
    assert response.status_code == 200
    assert response.context["form"].errors["year"] == [DUPLICATE_LINE]
    assert FundingLine.objects.get(pk=line.pk).year == 2018
    # Saving the line over its own source and year is no clash.
    data["year"] = "2018"
    assert client.post(edit_url(plan, "financiranje", line.pk), data).status_code == 302


def _confirm(plan, user):
    import datetime

    from plans.services import lifecycle

    lifecycle.plan_confirm(
        plan=Plan.objects.get(pk=plan.pk),
        user=user,
        version=Plan.objects.get(pk=plan.pk).version,
        confirmed_on=datetime.date(2017, 6, 30),
        confirmed_by="RKS",
    )


CONFIRMED_MEANWHILE = (
    "Nothing was saved: while you were editing, the plan's status changed to “Confirmed”."
)


def test_text_typed_while_a_colleague_confirmed_the_plan_is_shown_again(
    client, member, other_member, plan, chapter
):
    client.cookies["django_language"] = "en"
    client.force_login(member)
    url = edit_url(plan, "poglavja", chapter.pk)
    assert client.get(url).status_code == 200  # the member starts typing
    _confirm(plan, other_member)
    response = client.post(url, {"version": 1, "title": "Uvod", "body": "Dolgo novo besedilo."})
    assert response.status_code == 409
    page = response.content.decode()
    assert CONFIRMED_MEANWHILE in page and "Start an amendment to change it." in page
    assert "Dolgo novo besedilo." in page  # to be copied
    assert 'type="submit"' not in page.split("<main")[1]  # saving again cannot succeed
    assert Chapter.objects.get(pk=chapter.pk).body == "Besedilo."


def test_a_programme_added_while_a_colleague_confirmed_the_plan_is_shown_again(
    client, member, other_member, plan, programme
):
    client.cookies["django_language"] = "en"
    client.force_login(member)
    url = reverse("plans:content_create", args=[plan.slug, "programi"])
    _confirm(plan, other_member)
    data = programme_data(programme, version="", title="Nov dnevni center")
    response = client.post(url, data)
    assert response.status_code == 409
    page = response.content.decode()
    assert CONFIRMED_MEANWHILE in page and 'value="Nov dnevni center"' in page
    assert not Programme.objects.filter(title="Nov dnevni center").exists()


def test_a_part_deleted_with_its_programme_lists_choices_by_their_names(
    client, member, other_member, plan, programme
):
    """Not the stored codes ("percent", "increase", "target_2018")."""
    indicator = Indicator.objects.get(programme=programme)
    url, version = edit_url(plan, "kazalniki", indicator.pk), indicator.version
    FundingLine.objects.filter(programme=programme).delete()
    _delete(plan, other_member, "indicator", indicator)
    _delete(plan, other_member, "programme", Programme.objects.get(pk=programme.pk))
    client.force_login(member)
    data = indicator_data(version=version, target_2018="20", reason="budget_change")
    response = client.post(url, data)
    assert response.status_code == 409
    typed = dict(response.context["typed"])
    assert typed["Enota"] == "odstotek" and typed["Smer spremembe"] == "povečanje"
    assert typed["Ciljna vrednost za 2018"] == "20"
    page = response.content.decode()
    assert ">odstotek<" in page and ">povečanje<" in page
    for code in ("percent", "increase", "target_2018", "budget_change"):
        assert code not in page


def test_a_part_deleted_between_reading_and_saving_it_keeps_the_text(
    client, member, other_member, plan, chapter, monkeypatch
):
    """The colleague's deletion lands after the view read the chapter, before the save."""
    from plans.services import content as content_services

    save = content_services.content_save

    def deleted_first(**kwargs):
        _delete(plan, other_member, "chapter", Chapter.objects.get(pk=chapter.pk))
        return save(**kwargs)

    monkeypatch.setattr(content_services, "content_save", deleted_first)
    client.force_login(member)
    response = client.post(
        edit_url(plan, "poglavja", chapter.pk),
        {"version": chapter.version, "title": "Uvod", "body": "Moje novo besedilo."},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Colleague je medtem izbrisal(a) ta del načrta (poglavje)" in page
    assert "Moje novo besedilo." in page
    assert not Chapter.objects.filter(plan=plan).exists()


def test_each_funding_lines_buttons_name_its_source_and_year(client, member, plan):
    """Four "Uredi: Ministrstvo (MDDSZ)" a screen reader cannot tell apart: the year too."""
    programme = plan.programmes.get()
    FundingLine.objects.create(
        programme=programme, source="ministry", year=2018, planned_amount=Decimal(5)
    )
    client.force_login(member)
    page = client.get(reverse("plans:programme", args=[plan.slug, programme.pk])).content.decode()
    assert 'aria-label="Uredi: Ministrstvo (MDDSZ) 2018"' in page
    assert 'aria-label="Izbriši: Ministrstvo (MDDSZ) 2017"' in page


def test_the_first_part_cannot_move_up_nor_the_last_down(client, member, plan):
    """↑ on the first chapter and ↓ on the last moved nothing: they are disabled."""
    import re

    first = Chapter.objects.create(plan=plan, title="Prvo", body="", position=1)
    last = Chapter.objects.create(plan=plan, title="Zadnje", body="", position=2)
    client.force_login(member)
    page = client.get(plan.get_absolute_url()).content.decode()

    def button(direction: str, title: str) -> str:
        return re.search(rf'<button[^>]*aria-label="Premakni {direction}: {title}"[^>]*>', page)[0]

    assert "disabled" in button("gor", first.title) and "disabled" not in button("dol", first.title)
    assert "disabled" in button("dol", last.title) and "disabled" not in button("gor", last.title)


def test_a_new_plan_without_a_kind_says_only_what_to_fill_in(client, member):
    """Not the database constraint's name ("Constraint “plans_plan_exactly_one_scope” is
    violated."), which the empty form used to show first in its error summary."""
    client.cookies["django_language"] = "en"
    client.force_login(member)
    response = client.post(reverse("plans:create"), {"title": "RIN"})
    form = response.context["form"]
    assert form.non_field_errors() == []
    assert form.errors["kind"] == ["This field is required."]
    assert "Constraint" not in response.content.decode()


def test_the_conflict_page_shows_both_yearly_targets_as_numbers_are_written(
    client, member, other_member, plan, programme
):
    """The user's own yearly targets read "2018: 1.400", as the colleague's do and the
    rest of the page, not "2018: 1400"; the same targets are not marked as differing."""
    indicator = Indicator.objects.get(programme=programme)
    url, version = edit_url(plan, "kazalniki", indicator.pk), indicator.version
    data = indicator_data(version=version, name="Število centrov", unit="count", target_value="4")
    client.force_login(other_member)
    assert client.post(url, {**data, "name": "Centri", "target_2018": "1.400"}).status_code == 302
    client.force_login(member)
    response = client.post(url, {**data, "target_2018": "1.400", "target_2019": "1.600"})
    assert response.status_code == 409
    rows = {row["label"]: row for row in response.context["rows"]}
    yearly = rows["Letne ciljne vrednosti"]
    assert (yearly["theirs"], yearly["yours"]) == ("2018: 1.400", "2018: 1.400; 2019: 1.600")
    response = client.post(url, {**data, "target_2018": "1.400"})
    yearly = {row["label"]: row for row in response.context["rows"]}["Letne ciljne vrednosti"]
    assert yearly["yours"] == "2018: 1.400" and not yearly["differs"]


def test_yearly_targets_saved_from_the_english_pages_enter_the_history_in_slovenian(
    client, member, plan, programme
):
    """As every other value of the history: "1.400", which "1,400" would read as 1,4."""
    indicator = Indicator.objects.get(programme=programme)
    client.cookies["django_language"] = "en"
    client.force_login(member)
    data = indicator_data(
        version=indicator.version, name="Število centrov", unit="count", target_value="4"
    )
    response = client.post(
        edit_url(plan, "kazalniki", indicator.pk), {**data, "target_2018": "1,400"}
    )
    assert response.status_code == 302
    record = plan.changes.filter(entity="plans.indicator").latest("id")
    assert record.changes["year_targets"] == {"before": "", "after": "2018: 1.400"}


def test_the_history_lists_an_indicators_changes_in_the_order_of_its_form(
    client, member, plan, programme
):
    """Name, unit, baseline, target, direction, then the yearly targets: not in the
    alphabetical order of the fields' code names (baseline, direction, name, …)."""
    client.force_login(member)
    url = reverse("plans:programme_content_create", args=[plan.slug, programme.pk, "kazalniki"])
    data = indicator_data(baseline_value="10", baseline_year="2016", target_2018="30")
    assert client.post(url, data).status_code == 302
    entry = selectors.history_entries(plan)[0]
    assert [change["label"] for change in entry["changes"]] == [
        "kazalnik",
        "enota",
        "izhodiščna vrednost",
        "izhodiščno leto",
        "ciljna vrednost",
        "ciljno leto",
        "smer spremembe",
        "letne ciljne vrednosti",
    ]


def test_a_saved_programme_opens_its_own_page_at_no_missing_anchor(client, member, plan, programme):
    """It went to the programme's page at #programmes, an id only the plan page has."""
    client.force_login(member)
    response = client.post(edit_url(plan, "programi", programme.pk), programme_data(programme))
    assert response.url == reverse("plans:programme", args=[plan.slug, programme.pk])
    page = client.get(response.url).content.decode()
    assert 'id="programmes"' not in page


def test_a_programme_under_a_national_programme_without_goals_says_so(client, member, plan):
    """ReNPSV22–30's goals are not loaded: the form says so instead of a bare heading."""
    Plan.objects.filter(pk=plan.pk).update(
        national_programme=NationalProgramme.objects.get(code="renpsv-2022-2030")
    )
    client.cookies["django_language"] = "en"
    client.force_login(member)
    page = client.get(reverse("plans:content_create", args=[plan.slug, "programi"])).content
    assert "No goals of the national programme are recorded in the portal yet." in page.decode()
