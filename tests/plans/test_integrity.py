"""The database itself refuses rows that break the plan's invariants.

Each test writes through the ORM without any form or service validation, so only
a database constraint or trigger can stop it. These run on SQLite and PostgreSQL.
"""

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from municipalities.models import Municipality
from plans.database import RULES, installed_trigger_names
from plans.models import FundingLine, IndicatorValue, Plan, Programme, YearlyReport

from ..builders import make_entry, make_plan, make_programme, make_report


def refused(action) -> bool:
    try:
        with transaction.atomic():
            action()
    except IntegrityError:
        return True
    return False


def test_every_trigger_is_installed(db):
    names = installed_trigger_names(connection)
    for rule in RULES:
        assert any(name.startswith(rule.name) for name in names), rule.name


def test_plan_with_both_region_and_municipality_is_refused(gorenjska):
    kranj = Municipality.objects.get(code=52)
    assert refused(lambda: make_plan(region=gorenjska, municipality=kranj))


def test_plan_with_neither_scope_is_refused(db):
    assert refused(lambda: make_plan(region=None, municipality=None))


def test_plan_whose_last_year_is_before_the_first_is_refused(gorenjska):
    assert refused(lambda: make_plan(first_year=2020, last_year=2017))


def test_rin_scoped_to_a_municipality_is_refused(db):
    kranj = Municipality.objects.get(code=52)
    assert refused(lambda: make_plan(kind="rin", municipality=kranj, region=None))


def test_confirmed_plan_without_a_date_is_refused(gorenjska):
    assert refused(lambda: make_plan(status="confirmed", confirmed_on=None))


def test_programme_starting_before_its_plan_is_refused(plan):
    assert refused(lambda: make_programme(plan, first_year=2016, with_children=False))


def test_programme_ending_after_its_plan_is_refused(plan):
    assert refused(lambda: make_programme(plan, last_year=2021, with_children=False))


def test_programme_moved_outside_the_period_by_update_is_refused(plan):
    programme = plan.programmes.get()
    assert refused(lambda: Programme.objects.filter(pk=programme.pk).update(last_year=2025))


def test_programme_within_the_period_is_accepted(plan):
    assert not refused(
        lambda: make_programme(plan, first_year=2018, last_year=2019, with_children=False)
    )


def test_funding_year_outside_the_plan_is_refused(plan):
    programme = plan.programmes.get()
    assert refused(
        lambda: FundingLine.objects.create(
            programme=programme, source="municipalities", year=2021, planned_amount=Decimal(10)
        )
    )


def test_negative_planned_amount_is_refused(plan):
    programme = plan.programmes.get()
    assert refused(
        lambda: FundingLine.objects.create(
            programme=programme, source="municipalities", year=2018, planned_amount=Decimal(-1)
        )
    )


def test_shrinking_the_plan_period_below_its_programmes_is_refused(plan):
    assert refused(lambda: Plan.objects.filter(pk=plan.pk).update(last_year=2018))


def test_second_yearly_report_for_the_same_year_is_refused(plan):
    make_report(plan, 2017)
    assert refused(lambda: make_report(plan, 2017))


def test_yearly_report_outside_the_plan_period_is_refused(plan):
    assert refused(lambda: make_report(plan, 2021))


def test_entry_for_a_programme_of_another_plan_is_refused(plan, gorenjska):
    other = make_plan(region=gorenjska, slug="other-plan")
    foreign = make_programme(other, with_children=False)
    report = make_report(plan, 2017)
    assert refused(lambda: make_entry(report, foreign))


def test_entry_for_a_programme_of_the_same_plan_is_accepted(plan):
    report = make_report(plan, 2017)
    assert not refused(lambda: make_entry(report, plan.programmes.get()))


def test_indicator_value_for_another_programmes_indicator_is_refused(plan):
    second = make_programme(plan, title="Drugi program")
    report = make_report(plan, 2017)
    entry = make_entry(report, plan.programmes.exclude(pk=second.pk).get())
    foreign_indicator = second.indicators.get()
    assert refused(
        lambda: IndicatorValue.objects.create(
            entry=entry, indicator=foreign_indicator, achieved_value=1
        )
    )


def test_approved_report_without_stamps_is_refused(plan):
    assert refused(lambda: make_report(plan, 2017, status=YearlyReport.Status.APPROVED))


def test_triggers_come_back_after_migrate(db):
    """SQLite drops triggers when a migration rebuilds a table; migrate restores them."""
    if connection.vendor != "sqlite":
        pytest.skip("Only SQLite rebuilds tables on migration.")
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER plans_programme_within_plan_insert")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    assert "plans_programme_within_plan_insert" in installed_trigger_names(connection)
