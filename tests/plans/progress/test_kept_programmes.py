"""Each process keeps the programmes of a plan as the report pages show them
(`selectors.plan_programmes`): a report page drawn again, even after a save of the
report, does not read the plan's programmes, indicators and targets, and yet shows a
change of them at once, whoever made it and however."""

from decimal import Decimal

from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from plans.models import Indicator, IndicatorYearTarget, Plan, ReportEntry
from plans.progress import selectors, services
from plans.progress.checks import target_for
from providers.models import Provider

from .conftest import complete_input, entries_of

PLAN_PARTS = ('FROM "plans_programme"', 'FROM "plans_indicator"', 'FROM "plans_area"')


def programme_reads(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    reads = [q for q in queries if any(part in q["sql"] for part in PLAN_PARTS)]
    return len(reads), response.content.decode()


def commit_fixtures(saved, report) -> None:
    """The fixtures' writes, committed (until then nothing is kept: see the last test)."""
    saved(lambda: Plan.objects.filter(pk=report.plan_id).update(title=F("title")))


def report_url(report) -> str:
    return f"{report.plan.get_absolute_url()}porocila/{report.year}/"


def test_a_report_drawn_again_after_a_save_does_not_read_the_programmes(
    client, report, staff, saved
):
    commit_fixtures(saved, report)
    client.force_login(staff)
    assert programme_reads(client, report_url(report))[0] > 0
    assert programme_reads(client, f"{report_url(report)}uredi/")[0] == 0
    entry = entries_of(report)[0]
    saved(
        services.report_save,
        report=report,
        user=staff,
        entries=[complete_input(entry, achievements="Odprli smo tretji center.")],
    )
    reads, page = programme_reads(client, report_url(report))
    assert reads == 0
    assert "Odprli smo tretji center." in page


def test_an_indicator_renamed_anyhow_shows_at_once(client, report, staff, saved):
    client.force_login(staff)
    indicator = entries_of(report)[0].programme.indicators.all()[0]
    saved(lambda: Indicator.objects.filter(pk=indicator.pk).update(name="Prvo ime kazalnika"))
    assert "Prvo ime kazalnika" in programme_reads(client, report_url(report))[1]
    # As the admin or a script would: no service, no version raised.
    saved(lambda: Indicator.objects.filter(pk=indicator.pk).update(name="Drugo ime kazalnika"))
    reads, page = programme_reads(client, f"{report_url(report)}uredi/")
    assert "Drugo ime kazalnika" in page and "Prvo ime kazalnika" not in page
    assert reads > 0


def test_a_yearly_target_added_and_a_renamed_lead_show_at_once(report, saved):
    commit_fixtures(saved, report)
    programme = entries_of(report)[0].programme
    indicator = programme.indicators.all()[0]
    assert target_for(indicator, report.year) is None
    saved(IndicatorYearTarget.objects.create, indicator=indicator, year=report.year, value=3)
    saved(lambda: Provider.objects.filter(pk=programme.lead_id).update(name="CSD Kranj, novo"))
    programme = entries_of(report)[0].programme
    assert target_for(programme.indicators.all()[0], report.year) == Decimal(3)
    assert programme.lead.name == "CSD Kranj, novo"


def test_code_that_changed_an_indicator_sees_its_change_before_the_commit(
    report, saved, django_capture_on_commit_callbacks
):
    commit_fixtures(saved, report)
    indicator = entries_of(report)[0].programme.indicators.all()[0]
    with django_capture_on_commit_callbacks(execute=False):  # not committed yet
        Indicator.objects.filter(pk=indicator.pk).update(name="Še ne shranjeno")
        assert entries_of(report)[0].programme.indicators.all()[0].name == "Še ne shranjeno"


def test_an_entry_whose_programme_was_not_kept_gets_it_read(report):
    """A programme added (with its entry) between reading the generations and the entries."""
    (entry,) = selectors._entries(ReportEntry.objects.filter(report=report), {})
    assert entry.programme.title == entries_of(report)[0].programme.title
    assert entry.number == "1.1"
