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
