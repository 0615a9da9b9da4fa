"""A municipal strategy's pages speak of the strategy, not of "the plan".

Its working group was told "Close the plan", "The plan is confirmed and can be read
only" and, on the history, of "confirmed versions". In English, so that the tests do
not depend on the Slovenian catalogue.
"""

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse

from plans.services import lifecycle

from ..builders import make_programme, make_strategy


@pytest.fixture(autouse=True)
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def strategy(db):
    return make_strategy(
        status="confirmed",
        confirmed_on="2017-06-30",
        is_example=True,
    )


def _main(response) -> str:
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


def test_an_adopted_strategy_offers_to_close_the_strategy(client, velenje_member, strategy):
    client.force_login(velenje_member)
    page = _main(client.get(strategy.get_absolute_url()))
    assert "Close the strategy" in page
    assert "Start the strategy for the next period" in page
    assert "The strategy is adopted and can be read only." in page
    assert "This strategy is demonstration content." in page
    assert "the plan" not in page.lower().replace("the plan's", "")


def test_a_regional_plan_keeps_its_words(client, member, confirmed_plan):
    client.force_login(member)
    page = _main(client.get(confirmed_plan.get_absolute_url()))
    assert "Close the plan" in page
    assert "The plan is confirmed and can be read only." in page


def test_the_steps_name_the_strategy(client, velenje_member, strategy):
    client.force_login(velenje_member)
    close = _main(client.get(reverse("plans:step", args=[strategy.slug, "close"])))
    assert "Close the strategy" in close
    assert "A closed strategy can no longer be changed" in close
    amend = _main(client.get(reverse("plans:step", args=[strategy.slug, "amend"])))
    assert "The strategy can be edited again." in amend
    response = client.post(
        reverse("plans:step", args=[strategy.slug, "close"]),
        {"version": strategy.version, "closed_on": "2020-12-31"},
    )
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["The strategy is closed."]


def test_editing_an_adopted_strategy_is_refused_in_its_words(client, velenje_member, strategy):
    client.force_login(velenje_member)
    response = client.get(reverse("plans:edit", args=[strategy.slug]))
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "The strategy is adopted and can be read only. Start an amendment to change it."
    ]


def test_the_history_speaks_of_adopted_versions(client, velenje_member, strategy):
    client.force_login(velenje_member)
    page = _main(client.get(reverse("plans:history", args=[strategy.slug])))
    assert "Adopted versions" in page
    assert "The strategy has not been adopted yet." in page
    assert "confirmed" not in page.lower()


def test_an_amended_strategy_keeps_an_adopted_version(velenje_member, strategy, settings):
    settings.LANGUAGE_CODE = "en"  # snapshot labels are written in the portal's language
    lifecycle.plan_amend(
        plan=strategy,
        user=velenje_member,
        version=strategy.version,
        reason="other",
        reason_text="Nova zakonodaja.",
    )
    strategy.refresh_from_db()
    lifecycle.plan_confirm(
        plan=strategy,
        user=velenje_member,
        version=strategy.version,
        confirmed_on=strategy.confirmed_on,
        confirmed_by="Občinski svet",
    )
    assert [s.label for s in strategy.snapshots.order_by("id")] == [
        "Adopted text before the amendment",
        "Amendment adopted on June 30, 2017",
    ]


def test_a_measure_serves_national_goals(client, velenje_member, strategy):
    measure = make_programme(strategy, title="Dnevni center", with_children=False)
    client.force_login(velenje_member)
    page = _main(client.get(reverse("plans:programme", args=[strategy.slug, measure.pk])))
    assert "National goals the measure serves" in page
    plan_page = _main(client.get(strategy.get_absolute_url()))
    assert "National goals the measure serves" in plan_page


def test_the_forms_ask_of_the_strategy(client, velenje_member, strategy):
    client.force_login(velenje_member)
    successor = _main(client.get(reverse("plans:successor", args=[strategy.slug])))
    assert "Title of the new strategy" in successor
    closing = client.post(
        reverse("plans:step", args=[strategy.slug, "close"]),
        {"version": strategy.version, "closed_on": "2017-01-01"},
    )
    assert "The strategy cannot be closed before it was adopted, June 30, 2017." in _main(closing)
    strategy.status, strategy.confirmed_on = "draft", None
    strategy.save()
    confirm = _main(client.get(reverse("plans:step", args=[strategy.slug, "confirm"])))
    assert "Date of adoption" in confirm and "Adopted by" in confirm
    assert "E.g. the municipal council." in confirm
    assert "coordination group" not in confirm
    measure = _main(client.get(reverse("plans:content_create", args=[strategy.slug, "programi"])))
    assert "National goals the measure serves" in measure


def test_the_details_keep_the_measures_within_the_years(client, velenje_member, strategy):
    make_programme(strategy, title="Dnevni center", with_children=False)
    strategy.status, strategy.confirmed_on = "draft", None
    strategy.save()
    client.force_login(velenje_member)
    page = client.post(
        reverse("plans:edit", args=[strategy.slug]),
        {
            "version": strategy.version,
            "title": strategy.title,
            "first_year": 2017,
            "last_year": 2018,
            "national_programme": strategy.national_programme_id,
            "report_due_month": 3,
            "report_due_day": 31,
        },
    )
    assert "Measures or yearly reports lie outside these years" in _main(page)


def test_the_history_names_the_strategy_itself_a_strategy(client, velenje_member, strategy):
    """Its own changes (status, details) were listed as "… (plan) – status changed"."""
    client.force_login(velenje_member)
    lifecycle.plan_amend(
        plan=strategy,
        user=velenje_member,
        version=strategy.version,
        reason="other",
        reason_text="Nova ukrepa",
    )
    page = _main(client.get(reverse("plans:history", args=[strategy.slug])))
    assert f'{strategy.title}</strong> <span class="text-muted">(strategy)</span>' in page
    assert "(plan)" not in page


def test_a_working_group_member_is_offered_a_new_strategy_not_a_plan(client, velenje_member):
    """Someone whose only role is a municipality's working group makes that municipality's
    strategy: the list and the form say so, and ask for no kind of plan or region."""
    client.force_login(velenje_member)
    listing = client.get(reverse("plans:list")).content.decode()
    assert "New strategy" in listing and "New plan" not in listing
    form_page = client.get(reverse("plans:create")).content.decode()
    assert "New strategy" in form_page and "New plan" not in form_page
    assert "The plan starts" not in form_page and "Regional implementation plan" not in form_page
    assert 'name="region"' not in form_page


def test_a_working_group_member_creates_their_municipalitys_strategy(client, velenje_member):
    from plans.models import NationalProgramme, Plan

    client.force_login(velenje_member)
    response = client.post(
        reverse("plans:create"),
        {
            "kind": "rin",  # ignored: nothing else is theirs to make
            "municipality": velenje_member.roles.get().municipality_id,
            "title": "Strategija 2031–2036",
            "first_year": 2031,
            "last_year": 2036,
            "national_programme": NationalProgramme.objects.get(code="renpsv-2022-2030").pk,
        },
    )
    assert response.status_code == 302
    strategy = Plan.objects.get(title="Strategija 2031–2036")
    assert strategy.kind == "strategy" and strategy.municipality.code == 133


def test_a_successor_strategys_history_names_its_predecessor_strategy(
    client, velenje_member, strategy
):
    """The successor's first history entry read "Predhodni načrt: dodano: Strategija …"."""
    client.force_login(velenje_member)
    successor = lifecycle.plan_start_successor(
        predecessor=strategy,
        user=velenje_member,
        title="Strategija 2021–2027",
        first_year=2021,
        last_year=2027,
    )
    page = _main(client.get(reverse("plans:history", args=[successor.slug])))
    assert "Predecessor strategy" in page and "Predecessor plan" not in page
