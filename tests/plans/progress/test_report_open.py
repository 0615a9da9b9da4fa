import datetime

import pytest
from django.urls import reverse

from plans.models import ChangeRecord, ReportEntry, ReportEvent, YearlyReport
from plans.progress import services
from plans.services.errors import PlanError
from tests import builders

from .conftest import add_programme


def test_opens_one_entry_per_programme_active_that_year(confirmed_plan, staff):
    add_programme(confirmed_plan, "Od 2019", first_year=2019)
    report = services.report_open(plan=confirmed_plan, year=2017, user=staff)
    titles = list(report.entries.values_list("programme__title", flat=True))
    assert titles == ["Medgeneracijski center"]
    assert report.status == YearlyReport.Status.DRAFT
    assert report.due_date == datetime.date(2018, 3, 31)
    assert report.opened_by == staff


def test_records_who_opened_it(confirmed_plan, staff):
    report = services.report_open(plan=confirmed_plan, year=2017, user=staff)
    event = ReportEvent.objects.get(report=report)
    assert (event.action, event.user, event.user_name) == ("opened", staff, "Staff")
    assert ChangeRecord.objects.filter(report=report, action="created").exists()


def test_uses_the_plans_own_due_date(confirmed_plan, staff):
    confirmed_plan.report_due_month, confirmed_plan.report_due_day = 2, 30
    confirmed_plan.save()
    report = services.report_open(plan=confirmed_plan, year=2019, user=staff)
    assert report.due_date == datetime.date(2020, 2, 29)


@pytest.mark.parametrize("year", [2016, 2021])
def test_refuses_a_year_outside_the_plan(confirmed_plan, staff, year):
    with pytest.raises(PlanError, match="within the plan's period"):
        services.report_open(plan=confirmed_plan, year=year, user=staff)
    assert not YearlyReport.objects.exists()


def test_refuses_a_year_not_begun(confirmed_plan, staff):
    with pytest.raises(PlanError, match="not begun"):
        services.report_open(
            plan=confirmed_plan, year=2019, user=staff, today=datetime.date(2018, 12, 31)
        )


def test_refuses_an_unconfirmed_plan(plan, staff):
    with pytest.raises(PlanError, match="confirmed"):
        services.report_open(plan=plan, year=2017, user=staff)


def test_refuses_a_second_report_for_the_same_year(confirmed_plan, staff):
    services.report_open(plan=confirmed_plan, year=2017, user=staff)
    with pytest.raises(PlanError, match="already open"):
        services.report_open(plan=confirmed_plan, year=2017, user=staff)
    assert ReportEntry.objects.count() == 1


# The view ------------------------------------------------------------------------------


def _url(plan):
    return reverse("progress:open", args=[plan.slug])


def test_staff_open_a_year_and_land_on_the_grid(client, confirmed_plan, staff):
    client.force_login(staff)
    response = client.post(_url(confirmed_plan), {"year": 2018})
    assert response.status_code == 302
    assert response["Location"] == reverse("progress:grid", args=[confirmed_plan.slug, 2018])
    assert confirmed_plan.yearly_reports.get().year == 2018


def test_open_rejects_get(client, confirmed_plan, staff):
    client.force_login(staff)
    assert client.get(_url(confirmed_plan)).status_code == 405


def test_member_may_not_open(client, confirmed_plan, member):
    client.force_login(member)
    assert client.post(_url(confirmed_plan), {"year": 2018}).status_code == 403
    assert not YearlyReport.objects.exists()


def test_outsider_gets_404_on_a_draft_plan(client, plan, outsider):
    client.force_login(outsider)
    assert client.post(_url(plan), {"year": 2018}).status_code == 404


def test_a_year_already_open_is_refused_with_a_message(client, report, staff):
    client.force_login(staff)
    response = client.post(_url(report.plan), {"year": 2017}, follow=True)
    assert "Choose a year whose report is not open yet." in response.content.decode()
    assert YearlyReport.objects.count() == 1


def test_plan_reports_page_lists_years_and_offers_to_open(client, report, staff):
    client.force_login(staff)
    response = client.get(reverse("progress:plan_reports", args=[report.plan.slug]))
    assert response.status_code == 200
    years = [row.year for row in response.context["rows"]]
    assert years[-1] == 2017 and 2018 in years
    assert [y for y, _label in response.context["open_form"].fields["year"].choices] == [
        2018,
        2019,
        2020,
    ]


def test_public_sees_only_approved_years_of_a_public_plan(client, report):
    response = client.get(reverse("progress:plan_reports", args=[report.plan.slug]))
    assert response.status_code == 200
    assert response.context["rows"] == []
    assert response.context["open_form"] is None


def test_draft_plan_reports_are_not_shown_to_the_public(client, gorenjska):
    plan = builders.make_plan(region=gorenjska, slug="osnutek")
    response = client.get(reverse("progress:plan_reports", args=[plan.slug]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_programme_added_by_an_amendment_gets_an_entry_in_open_reports(member, staff):
    """The plan is amended after 2017 was opened: the new programme joins the open report."""
    import datetime

    from plans.kinds import KINDS
    from plans.models import Programme
    from plans.services import content, lifecycle
    from tests.builders import make_plan, make_programme

    plan = make_plan(status="confirmed", confirmed_on="2017-06-30", slug="spremenjen")
    make_programme(plan)
    report = services.report_open(
        plan=plan, year=2017, user=staff, today=datetime.date(2018, 1, 10)
    )
    assert report.entries.count() == 1
    plan = lifecycle.plan_amend(
        plan=plan,
        user=member,
        version=plan.version,
        reason="changed_needs",
        reason_text="Nov program",
    )
    data = {"area": plan.areas.get(), "title": "Nov program", "first_year": 2017, "last_year": 2020}
    content.content_save(
        plan=plan, user=member, kind=KINDS["programme"], obj=Programme(), data=data
    )
    assert report.entries.count() == 2
    assert report.entries.filter(programme__title="Nov program").exists()


# A closed plan -------------------------------------------------------------------------


def _closed(plan, on: str):
    from plans.models import Plan

    Plan.objects.filter(pk=plan.pk).update(status="closed", closed_on=on)
    plan.refresh_from_db()
    return plan


def test_a_plan_closed_at_the_end_of_its_period_still_reports_on_its_last_year(
    confirmed_plan, staff
):
    """The report on 2020 is due in March 2021, after the plan closed on 31 December."""
    plan = _closed(confirmed_plan, "2020-12-31")
    report = services.report_open(plan=plan, year=2020, user=staff, today=datetime.date(2021, 2, 1))
    assert report.entries.count() == 1


def test_a_plan_closed_early_is_not_reported_on_after_its_closing(client, confirmed_plan, staff):
    plan = _closed(confirmed_plan, "2018-06-30")
    assert services.report_open(plan=plan, year=2018, user=staff).year == 2018
    with pytest.raises(PlanError, match="The plan was closed on June 30, 2018"):
        services.report_open(plan=plan, year=2019, user=staff)
    assert list(YearlyReport.objects.values_list("year", flat=True)) == [2018]
    # Nor are the later years listed, to be opened or as overdue.
    client.force_login(staff)
    response = client.get(reverse("progress:plan_reports", args=[plan.slug]))
    assert [row.year for row in response.context["rows"]] == [2018, 2017]
    assert [y for y, _label in response.context["open_form"].fields["year"].choices] == [2017]
