"""What the national overview counts as due."""

from reports.selectors import national_overview_data


def _gorenjska(data: dict) -> dict:
    return next(region for region in data["regions"] if region["name"] == "Gorenjska")


def test_years_of_a_confirmed_plan_without_a_report_are_due(confirmed_plan):
    region = _gorenjska(national_overview_data())
    years = [row["year"] for row in region["reporting"] if row["plan_slug"] == confirmed_plan.slug]
    assert years == [2017, 2018, 2019, 2020]
    assert region["reports_due"] == 4 and region["reports_approved"] == 0


def test_a_plan_still_being_written_owes_no_reports(plan):
    region = _gorenjska(national_overview_data())
    assert [row for row in region["reporting"] if row["plan_slug"] == plan.slug] == []
    assert region["reports_due"] == 0


def test_a_report_never_opened_counts_its_programmes_as_not_reported(confirmed_plan):
    """Missing reports lower the region's completeness: 0 of 1, not 0 of 0."""
    region = _gorenjska(national_overview_data())
    rows = [row for row in region["reporting"] if row["plan_slug"] == confirmed_plan.slug]
    assert [(row["entries_filled"], row["entries_total"]) for row in rows] == [(0, 1)] * 4


def test_a_strategy_reads_adopted_in_the_overview_spreadsheet(db, gorenjska):
    from municipalities.models import Municipality
    from reports.tables import national_tables

    from ..builders import make_plan

    make_plan(
        kind="strategy",
        region=None,
        municipality=Municipality.objects.get(name="Kranj"),
        slug="strategija-kranj",
        status="confirmed",
        confirmed_on="2017-06-30",
    )
    [plans_sheet] = [t for t in national_tables(national_overview_data()) if t.name == "nacrti"]
    [row] = [r for r in plans_sheet.rows if "Kranj" in r]
    assert "Sprejeta" in row and "Potrjen" not in row
