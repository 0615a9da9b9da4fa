from django.contrib.auth import get_user_model
from django.db import connection

from plans.models import Plan, YearlyReport
from plans.national_dataset import national_dataset_create, national_dataset_delete


def test_every_region_gets_two_confirmed_plans_with_eight_years_of_progress(db):
    counts = national_dataset_create(programmes_per_plan=3)
    assert counts["plans"] == 24 and counts["programmes"] == 72 and counts["indicators"] == 360
    reports = YearlyReport.objects.filter(plan__slug__startswith="nacionalni-niz")
    assert reports.count() == 96
    # A deadline week: the last year waits for review in six regions, is a draft in six.
    assert reports.filter(status="approved").count() == 84
    assert reports.filter(status="submitted", year=2024).count() == 6
    assert reports.filter(status="draft", year=2024, submitted_at=None).count() == 6
    assert set(
        Plan.objects.filter(slug__startswith="nacionalni-niz").values_list("status", flat=True)
    ) == {"confirmed"}
    assert counts["providers"] >= 12 * 35 and counts["users"] >= 600


def test_delete_removes_the_set(db):
    national_dataset_create(programmes_per_plan=1)
    national_dataset_delete()
    assert not Plan.objects.filter(slug__startswith="nacionalni-niz").exists()
    assert not get_user_model().objects.filter(username__startswith="nacionalni-niz-").exists()


def test_the_planner_knows_the_generated_tables(db):
    """Benchmarks on the set measure the query plans of a live database, where autovacuum
    has analyzed the tables: without statistics PostgreSQL scanned every indicator value
    of the country to show one report's."""
    national_dataset_create(programmes_per_plan=1)
    # A model's table, and a many-to-many table (a programme's municipalities).
    for table in ("plans_indicatorvalue", "plans_programme_municipalities"):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
                assert cursor.fetchone()[0] > 0, table  # -1: never analyzed
            else:
                cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s", [table])
                assert cursor.fetchone()[0] > 0, table
