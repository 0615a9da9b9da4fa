"""Querysets compiled once (rin_portal/prepared.py): the same rows as the queryset
would find, for every call's values, with the SQL written once."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Count, Q
from django.db.models.sql.query import Query
from django.test.utils import CaptureQueriesContext

from plans.models import ChangeRecord, Plan
from rin_portal.prepared import prepared
from tests.builders import make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans():
    return [
        make_plan(slug="b", title="Beta", first_year=2017, confirmed_on="2017-06-01"),
        make_plan(slug="a", title="Alfa", first_year=2021, last_year=2024),
        make_plan(
            slug="c", title="Čebela", first_year=2021, last_year=2024, confirmed_on="2021-06-01"
        ),
    ]


def test_each_call_finds_the_rows_of_its_own_values(plans):
    by_year = prepared(lambda year: Plan.objects.filter(first_year=year).order_by("title"))
    assert [p.slug for p in by_year(2021)] == ["a", "c"]
    assert [p.slug for p in by_year(2017)] == ["b"]
    assert by_year(1999) == []


def test_the_sql_is_compiled_once_for_many_calls(plans):
    by_slug = prepared(lambda slug: Plan.objects.filter(slug=slug))
    with mock.patch.object(
        Query, "get_compiler", autospec=True, side_effect=Query.get_compiler
    ) as compiling:
        found = [by_slug(slug)[0].title for slug in ("a", "b", "c", "a")]
    assert found == ["Alfa", "Beta", "Čebela", "Alfa"]
    assert compiling.call_count == 1


def test_rows_come_back_as_the_queryset_gives_them(plans):
    """Converted by their fields (dates), in the SQL's order, deferred fields read when asked."""
    confirmed = prepared(
        lambda ids: (
            Plan.objects.filter(pk__in=ids, confirmed_on__isnull=False)
            .only("id", "slug", "confirmed_on")
            .order_by("-confirmed_on")
        )
    )
    found = confirmed([plan.pk for plan in plans])
    assert [(p.slug, p.confirmed_on) for p in found] == [
        ("c", datetime.date(2021, 6, 1)),
        ("b", datetime.date(2017, 6, 1)),
    ]
    with CaptureQueriesContext(connection) as queries:
        assert found[0].title == "Čebela"  # not read by the SQL: read now
    assert len(queries) == 1


def test_an_instance_is_saved_as_one_the_queryset_read(plans):
    """Built as the queryset builds them: saving one updates its row, not a new one."""
    by_slug = prepared(lambda slug: Plan.objects.filter(slug=slug))
    (found,) = by_slug("a")
    assert found == Plan.objects.get(slug="a")
    assert found._state.db == "default" and not found._state.adding
    found.title = "Alfa, popravljena"
    found.save()
    assert Plan.objects.filter(slug="a").count() == 1
    assert Plan.objects.get(slug="a").title == "Alfa, popravljena"


def test_lists_of_other_lengths_and_an_empty_one(plans):
    among = prepared(
        lambda region_id, ids: Plan.objects.filter(Q(region_id=region_id) | Q(pk__in=ids)).order_by(
            "slug"
        )
    )
    b, a, c = plans
    assert [p.slug for p in among(-1, [a.pk])] == ["a"]
    assert [p.slug for p in among(-1, [a.pk, c.pk])] == ["a", "c"]
    assert [p.slug for p in among(a.region_id, [])] == ["a", "b", "c"]
    in_none = prepared(lambda ids: Plan.objects.filter(pk__in=ids))
    with CaptureQueriesContext(connection) as queries:
        assert in_none([]) == []
    assert len(queries) == 0  # as Django: an empty IN list asks nothing


def test_a_value_without_a_stand_in_runs_the_queryset_as_usual(plans):
    confirmed_on = prepared(lambda day: Plan.objects.filter(confirmed_on=day))
    assert [p.slug for p in confirmed_on(datetime.date(2017, 6, 1))] == ["b"]


def test_true_false_and_none_are_compiled_as_they_are(plans):
    confirmed_on = prepared(lambda day: Plan.objects.filter(confirmed_on=day))
    assert [p.slug for p in confirmed_on(None)] == ["a"]  # IS NULL, as Django writes it
    some = prepared(
        lambda every, year: (
            Plan.objects.all() if every else Plan.objects.filter(first_year=year)
        ).order_by("slug")
    )
    assert [p.slug for p in some(False, 2017)] == ["b"]
    assert [p.slug for p in some(None, 2021)] == ["a", "c"]
    with pytest.raises(ImproperlyConfigured):  # 2021 reaches no SQL
        some(True, 2021)


def test_a_value_the_sql_does_not_carry_unchanged_is_a_mistake(plans):
    starting = prepared(lambda text: Plan.objects.filter(title__startswith=text))
    with pytest.raises(ImproperlyConfigured):
        starting("Al")
    first = prepared(lambda n: Plan.objects.order_by("slug")[:n])
    with pytest.raises(ImproperlyConfigured):
        first(2)
    with pytest.raises(ImproperlyConfigured):
        prepared(lambda slug: Plan.objects.filter(Q(slug=slug) | Q(title=slug)))("x")


def test_a_values_list_comes_back_as_the_querysets_tuples(plans):
    """The same tuples, converted alike (dates, times), as the queryset itself gives."""
    Plan.objects.filter(slug="b").update(
        confirmation_recorded_at=datetime.datetime(2017, 6, 1, 9, 30, tzinfo=datetime.UTC)
    )

    def build(ids):
        return (
            Plan.objects.filter(pk__in=ids)
            .order_by("slug")
            .values_list("slug", "confirmed_on", "confirmation_recorded_at", "first_year")
        )

    rows = prepared(build)
    ids = [plan.pk for plan in plans]
    found = rows(ids)
    assert found == list(build(ids))
    assert found[1] == (
        "b",
        datetime.date(2017, 6, 1),
        datetime.datetime(2017, 6, 1, 9, 30, tzinfo=datetime.UTC),
        2017,
    )
    assert rows(ids[:1]) == [("b", datetime.date(2017, 6, 1), found[1][2], 2017)]


def test_querysets_it_cannot_read_back_are_refused(plans):
    with pytest.raises(ImproperlyConfigured):
        prepared(lambda: ChangeRecord.objects.select_related("plan"))()
    with pytest.raises(ImproperlyConfigured):
        prepared(lambda: Plan.objects.values("slug"))()
    with pytest.raises(ImproperlyConfigured):
        prepared(lambda: Plan.objects.values_list("slug", flat=True))()
    with pytest.raises(ImproperlyConfigured):
        prepared(lambda: Plan.objects.annotate(programme_count=Count("programmes")))()
