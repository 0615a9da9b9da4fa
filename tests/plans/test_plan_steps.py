"""The lifecycle step pages speak the reader's language, say what was done, and refuse
dates no plan could have been confirmed or closed on."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from plans.models import Plan

CONSULTATION = {
    "version": 1,
    "consultation_ends_on": "2100-12-31",
    "consultation_email": "pripombe@example.si",
}


def test_step_page_is_in_the_readers_language(client, member, plan):
    client.force_login(member)
    url = reverse("plans:step", args=[plan.slug, "consultation"])
    assert "Začni javno obravnavo" in client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    page = client.get(url).content.decode()
    assert "Start public consultation" in page and "Začni javno obravnavo" not in page


def test_a_step_done_says_what_happened(client, member, plan):
    client.force_login(member)
    response = client.post(reverse("plans:step", args=[plan.slug, "consultation"]), CONSULTATION)
    assert response.status_code == 302
    assert Plan.objects.get(pk=plan.pk).status == Plan.Status.CONSULTATION
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Javna obravnava se je začela."
    ]


def test_starting_an_amendment_says_so_once(client, member, confirmed_plan):
    """The message says what was done; the page's banner, what the public reads."""
    client.cookies["django_language"] = "en"
    client.force_login(member)
    response = client.post(
        reverse("plans:step", args=[confirmed_plan.slug, "amend"]),
        {"version": confirmed_plan.version, "reason": "other", "reason_text": "Nove potrebe"},
        follow=True,
    )
    page = response.content.decode()
    assert "The amendment has started." in page
    assert page.count("The public still reads the text confirmed last.") == 1
    assert "The public reads the last confirmed text." not in page


def test_a_step_taken_in_english_reads_in_slovenian_in_the_history(client, member, plan):
    """The history is written in the portal's language whoever writes it: a member working
    in English does not leave "Draft → Public consultation" for the others."""
    client.cookies["django_language"] = "en"
    client.force_login(member)
    client.post(reverse("plans:step", args=[plan.slug, "consultation"]), CONSULTATION)
    client.cookies["django_language"] = "sl"
    page = client.get(reverse("plans:history", args=[plan.slug])).content.decode()
    assert "Osnutek" in page and "Javna obravnava" in page
    assert "Public consultation" not in page


def _amending(plan, user):
    from plans.services import lifecycle

    return lifecycle.plan_amend(
        plan=plan, user=user, version=plan.version, reason="other", reason_text="Popravek."
    )


def _step(client, plan, step, **data):
    client.cookies["django_language"] = "en"
    url = reverse("plans:step", args=[plan.slug, step])
    return client.post(url, {"version": Plan.objects.get(pk=plan.pk).version, **data})


EARLIEST = "The date cannot be before Jan. 1, 2016, the start of the year before the plan's period."


@pytest.mark.parametrize(
    ("day", "error"),
    [
        ("0001-01-01", EARLIEST),
        ("2015-12-31", EARLIEST),
        ("9999-12-31", "The date cannot be in the future."),
    ],
)
def test_a_confirmation_date_far_from_the_plans_period_gets_a_field_error(
    client, member, plan, day, error
):
    client.force_login(member)
    response = _step(client, plan, "confirm", confirmed_on=day, confirmed_by="RKS")
    assert response.status_code == 200
    assert response.context["form"].errors["confirmed_on"] == [error]
    assert Plan.objects.get(pk=plan.pk).status == Plan.Status.DRAFT
    # The year before the period is the earliest: plans are confirmed once prepared.
    response = _step(client, plan, "confirm", confirmed_on="2016-01-01", confirmed_by="RKS")
    assert response.status_code == 302
    assert Plan.objects.get(pk=plan.pk).status == Plan.Status.CONFIRMED


@pytest.mark.parametrize("day", ["0001-01-01", "2017-06-29"])
def test_an_amendment_is_not_confirmed_before_the_confirmation_it_changes(
    client, member, confirmed_plan, day
):
    plan = _amending(confirmed_plan, member)
    client.force_login(member)
    response = _step(client, plan, "confirm", confirmed_on=day, confirmed_by="RKS")
    assert response.context["form"].errors["confirmed_on"] == [
        "The amendment cannot be confirmed before the plan's previous confirmation or "
        "adoption, June 30, 2017."
    ]
    plan.refresh_from_db()
    assert (plan.status, plan.confirmed_on) == (Plan.Status.AMENDMENT, datetime.date(2017, 6, 30))
    response = _step(client, plan, "confirm", confirmed_on="2018-02-01", confirmed_by="RKS")
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("day", "error"),
    [
        ("9999-12-31", "The date cannot be in the future."),
        (
            "2017-06-29",
            "The plan cannot be closed before it was confirmed or adopted, June 30, 2017.",
        ),
        (
            "0001-01-01",
            "The plan cannot be closed before it was confirmed or adopted, June 30, 2017.",
        ),
    ],
)
def test_a_closing_date_before_the_confirmation_or_in_the_future_gets_a_field_error(
    client, member, confirmed_plan, day, error
):
    client.force_login(member)
    response = _step(client, confirmed_plan, "close", closed_on=day)
    assert response.context["form"].errors["closed_on"] == [error]
    assert Plan.objects.get(pk=confirmed_plan.pk).status == Plan.Status.CONFIRMED
    assert _step(client, confirmed_plan, "close", closed_on="2020-12-31").status_code == 302
    assert Plan.objects.get(pk=confirmed_plan.pk).closed_on == datetime.date(2020, 12, 31)


def test_the_services_refuse_such_dates_too(member, confirmed_plan):
    from plans.services import lifecycle
    from plans.services.errors import PlanError

    with pytest.raises(PlanError):
        lifecycle.plan_close(
            plan=confirmed_plan,
            user=member,
            version=confirmed_plan.version,
            closed_on=datetime.date(9999, 12, 31),
        )
    plan = _amending(confirmed_plan, member)
    with pytest.raises(PlanError):
        lifecycle.plan_confirm(
            plan=plan,
            user=member,
            version=plan.version,
            confirmed_on=datetime.date(1, 1, 1),
            confirmed_by="RKS",
        )
    plan.refresh_from_db()
    assert (plan.status, plan.closed_on) == (Plan.Status.AMENDMENT, None)


def test_a_regional_plan_is_confirmed_not_adopted(client, member, plan):
    """The coordination group confirms a RIN; only a strategy is adopted (by a council)."""
    client.cookies["django_language"] = "en"
    client.force_login(member)
    page = client.get(reverse("plans:step", args=[plan.slug, "confirm"])).content.decode()
    main = page.split("<main", 1)[1]
    assert "Date of confirmation" in main and "Confirmed by" in main
    assert "adopt" not in main.lower() and "council" not in main
