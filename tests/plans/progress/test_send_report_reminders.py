import datetime
from io import StringIO

from django.core import mail
from django.core.management import call_command

from plans.progress import services

from .conftest import fill

DUE = datetime.date(2018, 3, 31)  # the 2017 report of the confirmed plan


def _run(day: str, *args) -> str:
    out = StringIO()
    call_command("send_report_reminders", "--date", day, *args, stdout=out)
    return out.getvalue()


def _recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_reminds_csd_staff_two_weeks_before_the_due_date(
    report, staff, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert "No reminders due today." in _run("2018-03-16")
        output = _run("2018-03-17")
    assert "Reminded: RIN Gorenjska 2017–2020 – 2017 (due 31. 03. 2018), 1 recipient(s)" in output
    assert _recipients() == [staff.email]
    assert "je 31. 3. 2018, čez 14 dni" in mail.outbox[0].body  # due on …, in 14 days
    assert "manjka še 1 podatek" in mail.outbox[0].body  # 1 item is still missing
    report.refresh_from_db()
    assert report.reminded_at.date() == datetime.date(2018, 3, 17)


def test_runs_on_the_same_day_send_once(report, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _run("2018-03-24")
        assert "No reminders due today." in _run("2018-03-24")
        _run("2018-03-25")  # still the same stage: a week before
    assert len(mail.outbox) == 1


def test_reminds_again_a_week_and_a_day_before_and_weekly_when_overdue(
    report, staff, django_capture_on_commit_callbacks
):
    days = ["2018-03-17", "2018-03-20", "2018-03-24", "2018-03-30", "2018-03-31", "2018-04-01"]
    days += ["2018-04-05", "2018-04-08", "2018-04-09"]
    sent_on = []
    for day in days:
        before = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            _run(day)
        if len(mail.outbox) > before:
            sent_on.append(day)
    assert sent_on == ["2018-03-17", "2018-03-24", "2018-03-30", "2018-04-01", "2018-04-08"]
    assert "je bil 31. 3. 2018, pred 1 dnem" in mail.outbox[3].body  # was due …, 1 day ago


def test_lists_overdue_reports_and_years_not_opened(report):
    output = _run("2019-04-05", "--dry-run")
    assert "Overdue reports: 2" in output
    assert "RIN Gorenjska 2017–2020 – 2017: due 31. 03. 2018, Draft" in output
    assert "RIN Gorenjska 2017–2020 – 2018: due 31. 03. 2019, not opened" in output


def test_a_dry_run_sends_nothing(report, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        output = _run("2018-03-17", "--dry-run")
    assert "Would remind" in output and mail.outbox == []
    report.refresh_from_db()
    assert report.reminded_at is None


def test_a_submitted_report_is_not_reminded(report, staff, django_capture_on_commit_callbacks):
    fill(report, staff)
    services.report_submit(report=report, user=staff, version=report.version)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        output = _run("2018-04-10")
    assert mail.outbox == [] and "Overdue reports: 0" in output


def test_a_bad_date_is_refused(report):
    import pytest
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        _run("31. 3. 2018")
