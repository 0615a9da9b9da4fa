"""Editing a plan's own details: bad input gets a field error, nothing is saved."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import translation

from plans.models import Plan
from tests.builders import plan_details

details = plan_details


def test_member_saves_the_plans_details(client, member, plan):
    client.force_login(member)
    url = reverse("plans:edit", args=[plan.slug])
    response = client.post(url, details(plan, title="Nov naslov", report_due_month=5))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.report_due_month) == ("Nov naslov", 5)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("report_due_day", "99999999999", "Give a day from 1 to 31."),
        ("report_due_day", "0", "Give a day from 1 to 31."),
        ("report_due_day", "32", "Give a day from 1 to 31."),
        ("report_due_month", "0", "Give a month from 1 to 12."),
        ("report_due_month", "13", "Give a month from 1 to 12."),
        ("report_due_month", "-1", "Give a month from 1 to 12."),
        ("first_year", "1999", "Give a year between 2000 and 2100."),
        ("last_year", "2101", "Give a year between 2000 and 2100."),
        ("last_year", "99999", "Give a year between 2000 and 2100."),
    ],
)
def test_a_value_out_of_range_gets_one_clear_field_error(
    client, member, plan, field, value, message
):
    client.cookies["django_language"] = "en"
    client.force_login(member)
    response = client.post(
        reverse("plans:edit", args=[plan.slug]), details(plan, title="Ne shrani", **{field: value})
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {field: [message]}
    assert form["title"].value() == "Ne shrani"  # the input kept
    assert Plan.objects.get(pk=plan.pk).title == plan.title


def test_a_day_the_month_lacks_gets_a_field_error(client, member, plan):
    client.cookies["django_language"] = "en"
    client.force_login(member)
    data = details(plan, report_due_month=2, report_due_day=30)
    response = client.post(reverse("plans:edit", args=[plan.slug]), data)
    assert response.context["form"].errors == {
        "report_due_day": ["There is no such day in that month."]
    }


READ_ONLY = "The plan is confirmed and can be read only. Start an amendment to change it."


@pytest.mark.parametrize("persona", ["member", "administrator"])
def test_a_confirmed_plans_details_are_not_offered_for_editing(
    request, client, confirmed_plan, persona
):
    client.cookies["django_language"] = "en"
    client.force_login(request.getfixturevalue(persona))
    url = reverse("plans:edit", args=[confirmed_plan.slug])
    response = client.get(url, follow=True)
    assert response.redirect_chain == [(confirmed_plan.get_absolute_url(), 302)]
    assert READ_ONLY in response.content.decode()
    assert url not in response.content.decode()  # no "Edit plan details" either


@pytest.mark.parametrize("persona", ["member", "administrator"])
def test_details_sent_for_a_confirmed_plan_are_not_saved_but_shown(
    request, client, confirmed_plan, persona
):
    """As when a colleague confirms the plan while the details are being edited."""
    client.cookies["django_language"] = "en"
    client.force_login(request.getfixturevalue(persona))
    response = client.post(
        reverse("plans:edit", args=[confirmed_plan.slug]),
        details(confirmed_plan, title="Prepisan naslov"),
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert READ_ONLY in page and "Nothing was saved" in page
    assert 'value="Prepisan naslov"' in page
    assert Plan.objects.get(pk=confirmed_plan.pk).title == confirmed_plan.title


def test_the_service_refuses_a_confirmed_plans_details(confirmed_plan, member):
    from plans.services import lifecycle
    from plans.services.errors import PlanError

    with pytest.raises(PlanError):
        lifecycle.plan_update(
            plan=confirmed_plan,
            user=member,
            data={"title": "Prepisan naslov"},
            version=confirmed_plan.version,
        )
    assert Plan.objects.get(pk=confirmed_plan.pk).title == confirmed_plan.title


def test_an_amendment_opens_the_details_again(client, member, confirmed_plan):
    from plans.services import lifecycle

    plan = lifecycle.plan_amend(
        plan=confirmed_plan,
        user=member,
        version=confirmed_plan.version,
        reason="other",
        reason_text="Nov naslov.",
    )
    client.force_login(member)
    url = reverse("plans:edit", args=[plan.slug])
    assert client.get(url).status_code == 200
    assert client.post(url, details(plan, title="Spremenjen naslov")).status_code == 302
    assert Plan.objects.get(pk=plan.pk).title == "Spremenjen naslov"


def test_the_admin_refuses_a_day_the_month_lacks(rf, plan):
    """The administrator's form applies the same rule: no report falls due on 31 February."""
    request = rf.get("/")
    request.user = get_user_model()(is_superuser=True, is_staff=True)
    form_class = admin.site._registry[Plan].get_form(request, plan)
    data = {k: v for k, v in model_to_dict(plan).items() if v is not None}
    form = form_class(data | {"report_due_month": 2, "report_due_day": 31}, instance=plan)
    with translation.override("en"):
        assert form.errors["report_due_day"] == ["There is no such day in that month."]
    form = form_class(data | {"report_due_month": 4, "report_due_day": 30}, instance=plan)
    assert "report_due_day" not in form.errors


def test_a_shorter_period_is_refused_while_indicator_targets_lie_beyond_it(client, member, plan):
    """Else the plan page shows "4 (2020)" in a 2017–2019 plan, and the indicator's form
    refuses its own target year and no longer shows a yearly target for 2020."""
    from plans.models import IndicatorYearTarget

    client.cookies["django_language"] = "en"
    client.force_login(member)
    plan.programmes.update(last_year=2019)
    indicator = plan.programmes.get().indicators.get()
    url = reverse("plans:edit", args=[plan.slug])
    message = "Indicator targets lie outside these years; change them first."

    response = client.post(url, details(plan, last_year=2019))
    assert response.context["form"].errors == {"last_year": [message]}

    indicator.target_year = 2019
    indicator.save()
    IndicatorYearTarget.objects.create(indicator=indicator, year=2020, value=3)
    response = client.post(url, details(plan, last_year=2019))
    assert response.context["form"].errors == {"last_year": [message]}
    assert Plan.objects.get(pk=plan.pk).last_year == 2020

    IndicatorYearTarget.objects.filter(year=2020).delete()
    assert client.post(url, details(plan, last_year=2019)).status_code == 302
