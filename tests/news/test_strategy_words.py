"""Subscribers hear that a strategy was adopted, and its public pages say strategy.

A Savinjska subscriber was told "Confirmed: …" and "The plan … was confirmed" of the
Velenje strategy, which the municipal council adopts. In English: the notices go out
in the portal's language, set to English here so as not to depend on the catalogue.
"""

from datetime import date

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from news.models import Subscriber
from news.tasks import notify_subscribers
from plans.models import YearlyReport
from tests import builders


@pytest.fixture
def strategy(db):
    return builders.make_strategy(
        status="confirmed",
        confirmed_on="2017-06-30",
    )


def test_subscribers_hear_the_strategy_was_adopted(strategy, settings):
    settings.LANGUAGE_CODE = "en"
    subscriber = Subscriber.objects.create(
        email="a@example.org", consented_at=timezone.now(), consent_text="x"
    )
    subscriber.regions.set([strategy.municipality.region])
    assert notify_subscribers.call("plan", strategy.pk) == 1
    [message] = mail.outbox
    assert message.subject == "Adopted: Strategija Velenje 2017–2020"
    assert "The strategy “Strategija Velenje 2017–2020” was adopted and is published." in (
        message.body
    )


def test_a_reopened_report_leads_back_to_the_strategy(client, strategy):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    report = YearlyReport.objects.create(plan=strategy, year=2017, due_date=date(2018, 3, 31))
    report.events.create(action="reopened", reason="Popravek.")
    region = strategy.municipality.region.slug
    page = client.get(reverse("public:report", args=[region, strategy.slug, 2017]))
    assert "Back to the strategy and its approved reports" in page.content.decode()
