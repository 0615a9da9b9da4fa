"""A plan's documents say what text they hold, as the plan's status was: a draft, a draft
in public consultation, an amendment in preparation, or the confirmed text. They called
every text the group asked for a "working text", the confirmed one too. Read in English,
so that the tests do not depend on the Slovenian catalogue."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from plans.models import Plan
from plans.services import lifecycle
from reports.contexts import document_html
from reports.models import Document
from reports.services import document_request_plan

from .test_document_views import ready


def step_to(plan: Plan, status: str, user) -> Plan:
    """Take the plan from a draft to `status` through the portal's steps."""
    if status == "consultation":
        lifecycle.plan_start_consultation(
            plan=plan,
            user=user,
            version=plan.version,
            ends_on=timezone.localdate() + datetime.timedelta(days=30),
            email="pripombe@example.si",
        )
    if status in {"confirmed", "amendment"}:
        lifecycle.plan_confirm(
            plan=plan,
            user=user,
            version=plan.version,
            confirmed_on=datetime.date(2017, 6, 1),
            confirmed_by="Regijska koordinacijska skupina",
        )
    if status == "amendment":
        plan.refresh_from_db()
        lifecycle.plan_amend(
            plan=plan, user=user, version=plan.version, reason="other", reason_text="Popravki"
        )
    plan.refresh_from_db()
    return plan


INTRO = {
    "draft": "The documents hold the plan's draft, as you see it in the portal.",
    "consultation": "The documents hold the plan's draft in public consultation",
    "confirmed": "The documents hold the plan's confirmed text, as everyone reads it",
    "amendment": "The documents hold the amendment in preparation",
}
BADGE = {
    "draft": "Draft",
    "consultation": "Public consultation",
    "confirmed": None,
    "amendment": "Amendment in preparation",
}
NOTICE = {
    "draft": "Draft: this version of the plan has not been confirmed.",
    "consultation": "Draft in public consultation: this version of the plan has not been",
    "confirmed": None,
    "amendment": "Amendment in preparation: this version of the plan has not been confirmed;",
}


@pytest.mark.parametrize("status", ["draft", "consultation", "confirmed", "amendment"])
def test_the_groups_documents_say_what_text_they_hold(client, plan, member, status):
    step_to(plan, status, member)
    document = ready(
        document_request_plan(user=member, plan=plan, format="pdf", audience="working")
    )
    assert document.text_status == status
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(member)
    page = client.get(reverse("reports:plan", args=[plan.slug])).content.decode()
    assert INTRO[status] in page
    assert "working text" not in page
    row = page[page.index(reverse("reports:download", args=[document.pk])) :]
    row = row[: row.index("</td>")]
    status_page = client.get(document.get_absolute_url()).content.decode()
    if BADGE[status]:
        assert f'<span class="badge text-bg-secondary">{BADGE[status]}</span>' in row
        assert f'<span class="badge text-bg-secondary">{BADGE[status]}</span>' in status_page
    else:
        assert "badge" not in row
    with translation.override("en"):
        html = document_html(document)
    if NOTICE[status]:
        assert NOTICE[status] in html
    else:
        assert 'class="notice draft"' not in html


def test_a_document_keeps_the_label_of_the_text_it_holds(client, plan, member):
    """Prepared from the draft, it stays a draft's document once the plan is confirmed."""
    draft = ready(document_request_plan(user=member, plan=plan, format="pdf", audience="working"))
    step_to(plan, "confirmed", member)
    confirmed = ready(
        document_request_plan(user=member, plan=plan, format="pdf", audience="working")
    )
    assert (draft.version, confirmed.version) == (1, 2)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(member)
    page = client.get(reverse("reports:plan", args=[plan.slug])).content.decode()
    for document, badge in ((draft, True), (confirmed, False)):
        row = page[page.index(reverse("reports:download", args=[document.pk])) :]
        assert (
            '<span class="badge text-bg-secondary">Draft</span>' in row[: row.index("</td>")]
        ) is badge


def test_the_public_reads_the_text_confirmed_last_during_an_amendment(client, plan, member):
    step_to(plan, "amendment", member)
    document = document_request_plan(user=None, plan=plan, format="pdf", audience="public")
    assert document.text_status == "confirmed"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("reports:plan", args=[plan.slug])).content.decode()
    assert "The documents hold the text of the plan that was confirmed last" in page


def test_documents_prepared_before_keep_their_label(plan, member):
    """The migration takes each plan document's status from the data it was made from."""
    step_to(plan, "consultation", member)
    document = document_request_plan(user=member, plan=plan, format="pdf", audience="working")
    Document.objects.filter(pk=document.pk).update(text_status="")
    migration = importlib.import_module("reports.migrations.0002_document_text_status")
    migration.from_data(apps, None)
    document.refresh_from_db()
    assert document.text_status == "consultation"


def test_a_document_made_after_midnight_says_the_day_it_was_made_in_slovenia(member, plan):
    """At 00:30 in Ljubljana it is still yesterday in UTC, as the database gives the time
    back: the cover gives Slovenia's day."""
    document = document_request_plan(user=member, plan=plan, format="pdf", audience="working")
    document.requested_at = datetime.datetime(2026, 12, 3, 23, 30, tzinfo=datetime.UTC)
    html = document_html(document)
    line = html[html.index("Različica dokumenta") :]
    line = " ".join(line[: line.index("</")].split())
    assert line == "Različica dokumenta 1, pripravljena 4. 12. 2026 na portalu RIN."
