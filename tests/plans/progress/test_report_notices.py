"""The review loop's mail is sent by the task worker after the step commits: a mail
server that refuses or hangs cannot fail a submission that was saved."""

import smtplib

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from .conftest import fill


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPConnectError(421, "Service not available")


def submit(client, report, staff, capture):
    fill(report, staff)
    client.force_login(staff)
    url = reverse("progress:submit", args=[report.plan.slug, report.year])
    with capture(execute=True):  # as the step's commit would
        return client.post(url, {"version": report.version})


def test_a_mail_server_that_is_down_does_not_fail_a_saved_submission(
    client, report, staff, member, settings, django_capture_on_commit_callbacks
):
    """The coordination group's member is to be told; the mail server refuses."""
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    response = submit(client, report, staff, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == reverse("progress:report", args=[report.plan.slug, 2017])
    report.refresh_from_db()
    assert report.status == "submitted"


def test_the_notice_waits_for_the_worker(
    client, report, staff, member, settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default", "documents"],
        }
    }
    assert submit(client, report, staff, django_capture_on_commit_callbacks).status_code == 302
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(task_path__endswith="send_report_notice").count() == 1
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", "--no-reload")
    [message] = mail.outbox
    assert message.to == [member.email] and "2017" in message.subject
