"""Yearly progress: a confirmed Gorenjska plan with an open report, and small helpers.

Tests run in English so that they keep passing once the Slovenian catalogue
translates the new strings (msgids are English).
"""

from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import translation

from plans.models import FundingLine, Indicator, IndicatorYearTarget, YearlyReport
from plans.progress import selectors, services
from tests import builders
from tests.builders import complete_input, fill  # noqa: F401 (used by the tests here)


@pytest.fixture(autouse=True)
def _immediate(immediate_tasks):
    """The review loop's mail is sent at once, as the worker would send it."""


@pytest.fixture(autouse=True)
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def strategy(db):
    """Velenje's adopted strategy 2017–2020 with one measure."""
    plan = builders.make_strategy(status="confirmed", confirmed_on="2017-06-30")
    builders.make_programme(plan)
    return plan


@pytest.fixture
def report(confirmed_plan, staff) -> YearlyReport:
    """The open 2017 report of the confirmed plan, one entry, one count indicator (target 4 in 2020)."""
    return services.report_open(plan=confirmed_plan, year=2017, user=staff)


def add_programme(plan, title: str = "Dnevni center", **fields):
    """A further programme with a percentage indicator targeted at 50 for the plan's first year."""
    programme = builders.make_programme(plan, title=title, with_children=False, **fields)
    indicator = Indicator.objects.create(
        programme=programme,
        name=f"Delež: {title}",
        unit="percent",
        target_value=Decimal(60),
        target_year=plan.last_year,
    )
    IndicatorYearTarget.objects.create(indicator=indicator, year=plan.first_year, value=Decimal(50))
    FundingLine.objects.create(
        programme=programme, source="municipalities", year=plan.first_year, planned_amount=100
    )
    return programme


def entries_of(report):
    return selectors.report_entries(report, with_evidence=True)


def grid_data(report, **overrides) -> dict:
    """The grid's POST data as a browser would send it for the stored entries."""
    from plans.progress.views.filing import _forms

    data = {}
    for form in _forms(report, entries_of(report)):
        for name, field in form.fields.items():
            if name in ("evidence", "remove_evidence"):
                continue
            value = form.initial.get(name, field.initial)
            data[form.add_prefix(name)] = "" if value is None else str(value)
    data.update(overrides)
    return data
