"""A strategy's yearly reports speak of its measures and of the strategy.

CSD staff filing a strategy's report were asked to "fill in every programme", offered
"the programme table" and told of "the plan" in the notices. In English (see conftest).
"""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from plans.progress import imports, notifications, services
from plans.progress import spreadsheets as layout
from plans.progress.checks import report_problems

from .conftest import add_programme, entries_of, fill


@pytest.fixture
def report(strategy, velenje_staff):
    return services.report_open(plan=strategy, year=2017, user=velenje_staff)


def _main(response) -> str:
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


def test_the_reports_page_offers_the_measure_table(client, velenje_staff, report):
    client.force_login(velenje_staff)
    page = _main(client.get(reverse("progress:plan_reports", args=[report.plan.slug])))
    assert "Download the measure table with targets and achieved values (XLSX)" in page
    assert "Each year of the strategy with its report" in page
    assert "programme" not in page


def test_the_grid_asks_for_every_measure(client, velenje_staff, report):
    client.force_login(velenje_staff)
    page = _main(client.get(reverse("progress:grid", args=[report.plan.slug, 2017])))
    assert "Fill in every measure, then save." in page
    assert "programme" not in page


def test_a_postponed_measure_is_explained(report):
    [entry] = entries_of(report)
    entry.status = "postponed"
    messages = [p.message for p in report_problems([entry], 2017, report.plan.kind)]
    assert "Explain why the measure was postponed or abandoned." in messages


def test_a_report_not_opened_on_a_draft_strategy_says_so(strategy, velenje_staff):
    strategy.status, strategy.confirmed_on = "draft", None
    with pytest.raises(services.PlanError) as refused:
        services.report_open(plan=strategy, year=2017, user=velenje_staff)
    assert str(refused.value) == (
        "Progress is reported on an adopted strategy; this strategy is not adopted yet."
    )


def test_an_import_names_the_measures(report, velenje_staff):
    add_programme(report.plan)
    report = services.report_open(plan=report.plan, year=2018, user=velenje_staff)
    fill(report, velenje_staff)
    workbook = load_workbook(io.BytesIO(layout.report_workbook(report, entries_of(report))))
    sheet = workbook.active
    sheet.cell(9, 1).value = sheet.cell(8, 1).value
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = imports.preview(
        report, entries_of(report), SimpleUploadedFile("porocilo.xlsx", buffer.getvalue())
    )
    assert [e for row in preview.rows for e in row.errors] == [
        "Row 9 repeats the measure of row 8."
    ]


@pytest.fixture
def mail_in_english(settings):
    settings.LANGUAGE_CODE = "en"


def test_the_notices_name_the_strategy(
    report, velenje_staff, velenje_member, mail_in_english, django_capture_on_commit_callbacks
):
    filled = fill(report, velenje_staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_submit(report=filled, user=velenje_staff, version=filled.version)
    notifications.report_reminder(filled, [velenje_staff], days_left=3, missing=0)
    notifications.report_reopened(filled, "Popravek.")
    bodies = [message.body for message in mail.outbox]
    assert "submitted the yearly report for 2017 of the strategy" in bodies[0]
    assert "The yearly report for 2017 of the strategy “Strategija Velenje" in bodies[-2]
    assert "The approved yearly report for 2017 of the strategy" in bodies[-1]
    assert not any("of the plan" in body for body in bodies)


def test_the_dashboard_of_a_municipality_lists_its_strategies(client, velenje_staff, report):
    client.force_login(velenje_staff)
    page = _main(client.get(reverse("progress:dashboard")))
    assert "The yearly reports of the adopted strategies you work on." in page


def test_the_dashboard_of_a_region_lists_its_plans(client, staff):
    client.force_login(staff)
    page = _main(client.get(reverse("progress:dashboard")))
    assert "The yearly reports of the confirmed plans you work on." in page
    assert "There are no confirmed plans to report on in your scope." in page


def _saved(workbook) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("porocilo.xlsx", buffer.getvalue())


def test_the_report_workbook_has_a_measure_column_and_reads_back(report, velenje_staff):
    filled = fill(report, velenje_staff)
    workbook = load_workbook(io.BytesIO(layout.report_workbook(filled, entries_of(filled))))
    sheet = workbook.active
    assert sheet.cell(1, 1).value == "Strategija"
    assert [sheet.cell(7, column).value for column in (1, 2, 3)] == ["Šifra", "Št.", "Ukrep"]
    assert not imports.preview(filled, entries_of(filled), _saved(workbook)).has_errors
    sheet.cell(7, 3).value = "Prioritetni program"  # downloaded before measures were named
    assert not imports.preview(filled, entries_of(filled), _saved(workbook)).has_errors
