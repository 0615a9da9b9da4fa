"""A municipal strategy's yearly report is reviewed by its working group, and says so.

A municipality has no coordination group: pages and e-mails that sent its CSD staff
to "the coordination group" pointed them at a body that does not exist for them.
"""

import pytest
from django.core import mail
from django.urls import reverse

from plans.progress import services

from .conftest import entries_of, fill


@pytest.fixture
def filled(strategy, velenje_staff):
    report = services.report_open(plan=strategy, year=2017, user=velenje_staff)
    return fill(report, velenje_staff)


@pytest.fixture
def mail_in_english(settings):
    """Notices go out in the portal's main language; English keeps the test independent
    of the Slovenian catalogue."""
    settings.LANGUAGE_CODE = "en"


def test_submitting_says_the_working_group_reviews_it(client, filled, velenje_staff):
    client.force_login(velenje_staff)
    response = client.post(
        reverse("progress:submit", args=["strategija-test", 2017]),
        {"version": filled.version},
        follow=True,
    )
    page = response.content.decode()
    assert "submitted to the working group for review" in page
    assert "coordination group" not in page


def test_the_submitted_report_waits_for_the_working_group(
    client, filled, velenje_staff, velenje_member
):
    services.report_submit(report=filled, user=velenje_staff, version=filled.version)
    client.force_login(velenje_member)
    page = client.get(reverse("progress:report", args=["strategija-test", 2017])).content.decode()
    assert "The report waits for the working group's review." in page
    assert "coordination group" not in page


def test_a_regional_report_still_waits_for_the_coordination_group(client, report, staff, member):
    fill(report, staff)
    services.report_submit(report=report, user=staff, version=report.version)
    client.force_login(member)
    page = client.get(reverse("progress:report", args=[report.plan.slug, 2017])).content.decode()
    assert "The report waits for the coordination group's review." in page


def test_the_notices_name_the_working_group(
    filled,
    velenje_staff,
    velenje_member,
    mail_in_english,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        submitted = services.report_submit(
            report=filled, user=velenje_staff, version=filled.version
        )
    first = entries_of(submitted)[0]
    with django_capture_on_commit_callbacks(execute=True):
        returned = services.report_return(
            report=submitted,
            user=velenje_member,
            version=submitted.version,
            returns={first.pk: ("Manjka opis.", "")},
        )
    fill(returned, velenje_staff)
    returned.refresh_from_db()
    resubmitted = services.report_submit(
        report=returned, user=velenje_staff, version=returned.version
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.report_approve(
            report=resubmitted, user=velenje_member, version=resubmitted.version
        )
    bodies = [message.body for message in mail.outbox]
    assert len(bodies) == 3  # submitted, returned, approved
    assert "As a member of the working group" in bodies[0]
    assert "The working group returned the yearly report" in bodies[1]
    assert "The working group approved the yearly report" in bodies[2]
    assert not any("coordination group" in body for body in bodies)
