"""A municipal strategy's working group edits measures, and the pages call them so.

The plan page offered "Add measure", but the form it led to was headed "Add programme"
and the history spoke of programmes. In English, so that the test does not depend on
the Slovenian catalogue.
"""

import pytest
from django.conf import settings
from django.urls import reverse

from ..builders import make_programme, make_strategy


@pytest.fixture(autouse=True)
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def strategy(db):
    return make_strategy()


def _heading(response) -> str:
    page = response.content.decode()
    return page.split('<h1 class="h2">', 1)[1].split("</h1>", 1)[0]


def test_the_forms_of_a_measure_say_measure(client, velenje_member, strategy):
    measure = make_programme(strategy, title="Dnevni center", with_children=False)
    client.force_login(velenje_member)
    add = client.get(reverse("plans:content_create", args=[strategy.slug, "programi"]))
    edit = client.get(reverse("plans:content_edit", args=[strategy.slug, "programi", measure.pk]))
    delete = client.get(
        reverse("plans:content_delete", args=[strategy.slug, "programi", measure.pk])
    )
    assert [_heading(add), _heading(edit), _heading(delete)] == [
        "Add measure",
        "Edit measure",
        "Delete measure",
    ]
    assert "programme" not in add.content.decode().split("<main", 1)[1]


def test_the_history_of_a_measure_says_measure(client, velenje_member, strategy):
    measure = make_programme(strategy, title="Dnevni center", with_children=False)
    client.force_login(velenje_member)
    client.post(
        reverse("plans:content_edit", args=[strategy.slug, "programi", measure.pk]),
        {
            "version": measure.version,
            "area": measure.area_id,
            "title": "Dnevni center za osebe z demenco",
            "first_year": 2017,
            "last_year": 2020,
        },
    )
    page = client.get(reverse("plans:programme", args=[strategy.slug, measure.pk]))
    assert (
        '<strong lang="sl">Dnevni center za osebe z demenco</strong> <span class="text-muted">(measure)</span>'
        in (page.content.decode())
    )


def test_a_regional_plan_keeps_its_programmes(client, member, plan):
    client.force_login(member)
    add = client.get(reverse("plans:content_create", args=[plan.slug, "programi"]))
    assert _heading(add) == "Add programme"


def test_a_strategy_without_measures_says_so(client, velenje_member, strategy):
    client.force_login(velenje_member)
    page = client.get(strategy.get_absolute_url()).content.decode()
    assert "No measures yet." in page
    assert "No programmes yet." not in page


def test_a_new_measure_serves_the_strategys_municipality_in_the_strategys_years(
    client, velenje_member, strategy
):
    """The only municipality a strategy's measure can serve is chosen already, and the
    years are the strategy's until changed."""
    client.force_login(velenje_member)
    form = client.get(reverse("plans:content_create", args=[strategy.slug, "programi"])).context[
        "form"
    ]
    assert form["municipalities"].value() == [strategy.municipality_id]
    assert f'value="{strategy.municipality_id}" selected' in str(form["municipalities"])
    assert (form["first_year"].value(), form["last_year"].value()) == (2017, 2020)
