"""Editing a plan's own details: bad input gets a field error, nothing is saved."""

import pytest
from django.urls import reverse

from plans.models import Plan


def details(plan, **changes):
    data = {
        "version": plan.version,
        "title": plan.title,
        "summary": plan.summary,
        "first_year": plan.first_year,
        "last_year": plan.last_year,
        "coordinator": "",
        "national_programme": plan.national_programme_id,
        "report_due_month": plan.report_due_month,
        "report_due_day": plan.report_due_day,
    }
    data.update(changes)
    return data


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
