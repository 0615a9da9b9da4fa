import threading

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from plans.models import ReportEvent, YearlyReport
from plans.progress import services
from plans.services.errors import EditConflict
from rin_portal.models import Role

from .conftest import fill


def test_submits_a_complete_report_and_stamps_it(report, staff):
    fill(report, staff)
    services.report_submit(report=report, user=staff, version=report.version)
    report.refresh_from_db()
    assert report.status == YearlyReport.Status.SUBMITTED
    assert report.submitted_by == staff and report.submitted_at is not None
    assert report.events.filter(action="submitted", user=staff).count() == 1


def test_refuses_an_incomplete_report_and_says_what_is_missing(report, staff):
    with pytest.raises(services.ReportIncomplete) as refusal:
        services.report_submit(report=report, user=staff, version=report.version)
    assert [p.message for p in refusal.value.problems] == ["Choose the status."]
    report.refresh_from_db()
    assert report.status == YearlyReport.Status.DRAFT
    assert not report.events.filter(action="submitted").exists()


def test_tells_the_coordination_group_of_the_region_only(
    report, staff, member, other_member, outsider, django_capture_on_commit_callbacks
):
    fill(report, staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_submit(report=report, user=staff, version=report.version)
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == [other_member.email, member.email]
    assert "2017" in mail.outbox[0].subject
    assert reverse("progress:review", args=[report.plan.slug, 2017]) in mail.outbox[0].body


def test_a_plan_title_with_a_line_break_does_not_stop_the_notice(
    report, staff, member, django_capture_on_commit_callbacks
):
    report.plan.title = "RIN Gorenjska\n2017–2020"
    report.plan.save(update_fields=["title"])
    fill(report, staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_submit(report=report, user=staff, version=report.version)
    [message] = mail.outbox
    assert message.to == [member.email]
    assert "RIN Gorenjska 2017–2020" in message.subject


def test_of_two_submissions_of_the_same_version_exactly_one_is_recorded(report, staff):
    fill(report, staff)
    version = report.version
    first = YearlyReport.objects.get(pk=report.pk)
    second = YearlyReport.objects.get(pk=report.pk)
    services.report_submit(report=first, user=staff, version=version)
    with pytest.raises(EditConflict):
        services.report_submit(report=second, user=staff, version=version)
    assert ReportEvent.objects.filter(report=report, action="submitted").count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections")
@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_the_same_moment_record_one(confirmed_plan, staff):
    report = services.report_open(plan=confirmed_plan, year=2017, user=staff)
    fill(report, staff)
    version, barrier, outcomes = report.version, threading.Barrier(2), []

    def submit():
        own = YearlyReport.objects.get(pk=report.pk)
        barrier.wait()
        try:
            services.report_submit(report=own, user=staff, version=version)
            outcomes.append("submitted")
        except EditConflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "submitted"]
    assert ReportEvent.objects.filter(report=report, action="submitted").count() == 1


# The view ------------------------------------------------------------------------------


def _url(report):
    return reverse("progress:submit", args=[report.plan.slug, report.year])


def test_staff_submit_from_the_grid(client, report, staff):
    fill(report, staff)
    client.force_login(staff)
    response = client.post(_url(report), {"version": report.version}, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "progress:report", args=[report.plan.slug, 2017]
    )
    assert "submitted to the coordination group" in response.content.decode()
    report.refresh_from_db()
    assert report.status == "submitted"


def test_a_complete_report_is_submitted_from_its_page_too(client, report, staff):
    """The report's page says nothing is missing: it offers the submission there."""
    report_url = reverse("progress:report", args=[report.plan.slug, 2017])
    client.force_login(staff)
    assert "Submit the report for review" not in client.get(report_url).content.decode()
    fill(report, staff)
    page = client.get(report_url).content.decode()
    assert "Submit the report for review" in page and f'action="{_url(report)}"' in page
    assert client.post(_url(report), {"version": report.version}).status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"


def test_submit_rejects_get(client, report, staff):
    client.force_login(staff)
    assert client.get(_url(report)).status_code == 405


def test_member_may_not_submit(client, report, staff, member):
    fill(report, staff)
    client.force_login(member)
    assert client.post(_url(report), {"version": report.version}).status_code == 403
    report.refresh_from_db()
    assert report.status == "draft"


def test_outsider_gets_404(client, report, staff, outsider):
    fill(report, staff)
    client.force_login(outsider)
    assert client.post(_url(report), {"version": report.version}).status_code == 404


def test_an_incomplete_report_goes_back_to_the_grid_with_the_reason(client, report, staff):
    client.force_login(staff)
    response = client.post(_url(report), {"version": report.version}, follow=True)
    assert response.redirect_chain[-1][0].endswith("/uredi/")
    assert "cannot be submitted yet: 1 item is still missing" in response.content.decode()


def test_a_stale_submission_warns_and_records_nothing(client, report, staff):
    fill(report, staff)
    client.force_login(staff)
    response = client.post(_url(report), {"version": report.version - 1}, follow=True)
    assert "changed after you loaded it" in response.content.decode()
    assert not report.events.filter(action="submitted").exists()


def test_csd_staff_of_another_scope_cannot_submit(client, report, staff, pomurska):
    fill(report, staff)
    from tests.conftest import _user

    stranger = _user("pomurski-csd", Role.Kind.CSD_STAFF, region=pomurska)
    client.force_login(stranger)
    assert client.post(_url(report), {"version": report.version}).status_code == 404
