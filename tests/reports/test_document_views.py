"""The documents pages: asking for a document, its status, the download and the reviewers' list."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from reports import services
from reports.models import Document
from rin_portal import security
from rin_portal.models import SecurityEvent


def sl(text: str) -> str:
    with translation.override("sl"):
        return _(text)


def ready(document: Document, data: bytes = b"%PDF-1.7 stored document") -> Document:
    """Mark a requested document as rendered, with small stand-in bytes (no PDF needed here)."""
    document.file.save(document.download_name, ContentFile(data), save=False)
    document.file_sha256 = hashlib.sha256(data).hexdigest()
    document.size = len(data)
    document.status = Document.Status.READY
    document.save()
    return document


def plan_document(plan, audience="working", format="pdf") -> Document:
    return services.document_request_plan(user=None, plan=plan, format=format, audience=audience)


def national_document() -> Document:
    return services.document_request_national(user=None, format="pdf")


# The plan's documents page ------------------------------------------------------------


def test_anyone_reads_the_documents_page_of_a_confirmed_plan(client, demo):
    response = client.get(reverse("reports:plan", args=["rin-gorenjska-2014-2016"]))
    assert response.status_code == 200
    assert sl("Prepare PDF") in response.text
    # The public sees the approved reports only.
    years = [report.year for report in response.context["reports"]]
    assert years == [2015, 2014]


def test_outsider_gets_404_for_a_draft_plan(client, demo, outsider):
    client.force_login(outsider)
    assert client.get(reverse("reports:plan", args=["rin-gorenjska-2017-2020"])).status_code == 404
    url = reverse("reports:plan_request", args=["rin-gorenjska-2017-2020"])
    assert client.post(url, {"document": "plan", "format": "pdf"}).status_code == 404


def test_member_sees_every_report_of_the_plan(client, demo, member):
    client.force_login(member)
    response = client.get(reverse("reports:plan", args=["rin-gorenjska-2014-2016"]))
    assert [report.year for report in response.context["reports"]] == [2016, 2015, 2014]


# Asking for a document ----------------------------------------------------------------


def test_request_rejects_get(client, demo, member):
    client.force_login(member)
    url = reverse("reports:plan_request", args=["rin-gorenjska-2014-2016"])
    assert client.get(url).status_code == 405


@pytest.mark.parametrize(
    "data",
    [
        {"document": "plan", "format": "docx"},
        {"document": "yearly", "year": "1999", "format": "pdf"},
        {"document": "yearly", "year": "dve tisoč", "format": "pdf"},
        {"document": "plan", "format": "xlsx"},
        {},
    ],
)
def test_bad_input_is_a_clear_error_not_a_crash(client, demo, member, data):
    client.force_login(member)
    url = reverse("reports:plan_request", args=["rin-gorenjska-2014-2016"])
    response = client.post(url, data)
    assert response.status_code == 400
    assert 'class="alert alert-danger"' in response.text
    assert not Document.objects.exists()


def test_member_asks_for_the_working_text_and_sees_its_status(client, demo, member):
    client.force_login(member)
    url = reverse("reports:plan_request", args=["rin-gorenjska-2017-2020"])
    response = client.post(url, {"document": "plan", "format": "pdf"})
    document = Document.objects.get()
    assert response.status_code == 302 and response.url == document.get_absolute_url()
    assert document.audience == "working" and document.requested_by == member
    page = client.get(response.url)
    assert page.status_code == 200 and sl("The document is being prepared.") in page.text
    assert "<script>" not in page.text  # only the status script file, no inline script
    state = client.get(reverse("reports:status_json", args=[document.pk])).json()
    assert state["status"] == "pending" and state["download_url"] is None


def test_the_public_asks_for_the_confirmed_text(client, demo):
    url = reverse("reports:plan_request", args=["rin-gorenjska-2014-2016"])
    client.post(url, {"document": "yearly", "year": "2015", "format": "xlsx"})
    document = Document.objects.get()
    assert (document.kind, document.audience, document.format) == ("yearly", "public", "xlsx")


def test_the_public_cannot_ask_for_a_report_that_is_not_approved(client, demo):
    url = reverse("reports:plan_request", args=["rin-gorenjska-2014-2016"])
    assert (
        client.post(url, {"document": "yearly", "year": "2016", "format": "pdf"}).status_code == 400
    )


def test_asking_again_for_the_same_data_leads_to_the_same_document(client, demo, member):
    client.force_login(member)
    url = reverse("reports:plan_request", args=["rin-gorenjska-2014-2016"])
    first = client.post(url, {"document": "plan", "format": "pdf"}).url
    assert client.post(url, {"document": "plan", "format": "pdf"}).url == first


def test_only_national_reviewers_ask_for_the_national_overview(client, demo, member, reviewer):
    url = reverse("reports:national_request")
    client.force_login(member)
    assert client.post(url, {"format": "pdf"}).status_code == 403
    client.force_login(reviewer)
    response = client.post(url, {"format": "xlsx"})
    assert response.status_code == 302
    assert Document.objects.get().kind == "national"


def test_a_failed_document_can_be_tried_again(client, demo, member):
    document = plan_document(demo["rin-gorenjska-2014-2016"])
    Document.objects.filter(pk=document.pk).update(status="failed", error="Prekinjeno.")
    client.force_login(member)
    url = reverse("reports:retry", args=[document.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    document.refresh_from_db()
    assert document.status == "pending"


# Downloads ----------------------------------------------------------------------------


def test_download_returns_the_stored_bytes_and_is_logged(client, demo, member):
    document = ready(plan_document(demo["rin-gorenjska-2014-2016"]))
    client.force_login(member)
    response = client.get(reverse("reports:download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 stored document"
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{document.download_name}"' in response["Content-Disposition"]
    event = SecurityEvent.objects.get(kind="download")
    assert event.user == member
    with translation.override("en"):
        assert security.describe(event) == f"document {document.pk}: {document.download_name}"


def test_a_visitors_download_is_logged_without_their_address(client, demo):
    document = ready(plan_document(demo["rin-gorenjska-2014-2016"], audience="public"))
    response = client.get(reverse("reports:download", args=[document.pk]), REMOTE_ADDR="192.0.2.5")
    assert response.status_code == 200
    event = SecurityEvent.objects.get(kind="download")
    assert event.user is None and event.ip_address is None


def test_a_head_on_a_download_is_answered_but_not_logged(client, demo, member):
    """Link checkers ask with HEAD: nothing is handed over, so nothing was downloaded."""
    document = ready(plan_document(demo["rin-gorenjska-2014-2016"]))
    client.force_login(member)
    response = client.head(reverse("reports:download", args=[document.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert not SecurityEvent.objects.filter(kind="download").exists()


@pytest.mark.parametrize(
    ("who", "plan", "audience", "status"),
    [
        ("outsider", "rin-gorenjska-2017-2020", "working", 404),
        ("anonymous", "rin-gorenjska-2017-2020", "working", 302),  # to sign in
        ("anonymous", "rin-gorenjska-2014-2016", "working", 302),  # to sign in
        ("outsider", "rin-gorenjska-2014-2016", "working", 403),
        ("anonymous", "rin-gorenjska-2014-2016", "public", 200),
        ("staff", "rin-gorenjska-2017-2020", "working", 200),
        ("reviewer", "rin-gorenjska-2017-2020", "working", 200),
        ("velenje_member", "strategija-velenje-2014-2020", "working", 200),
        ("member", "strategija-velenje-2014-2020", "working", 403),
    ],
)
def test_download_of_a_plan_respects_the_readers_rights(
    client, demo, request, who, plan, audience, status
):
    document = ready(plan_document(demo[plan], audience=audience))
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("reports:download", args=[document.pk])).status_code == status
    assert client.get(reverse("reports:status", args=[document.pk])).status_code == status


def test_a_visitor_is_asked_to_sign_in_for_a_document_not_public_and_brought_back(
    client, demo, reviewer
):
    document = ready(plan_document(demo["rin-gorenjska-2014-2016"], audience="working"))
    url = reverse("reports:download", args=[document.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"
    client.force_login(reviewer)
    assert client.get(url).status_code == 200


def test_download_of_yearly_reports_respects_the_readers_rights(client, demo, member, outsider):
    plan = demo["rin-gorenjska-2014-2016"]
    draft = plan.yearly_reports.get(year=2016)
    working = ready(
        services.document_request_yearly(user=None, report=draft, format="pdf", audience="working")
    )
    approved = plan.yearly_reports.get(year=2015)
    public = ready(
        services.document_request_yearly(
            user=None, report=approved, format="pdf", audience="public"
        )
    )
    # A visitor is asked to sign in for the working text, as for anything not public.
    assert client.get(reverse("reports:download", args=[working.pk])).status_code == 302
    assert client.get(reverse("reports:download", args=[public.pk])).status_code == 200
    client.force_login(outsider)
    assert client.get(reverse("reports:download", args=[working.pk])).status_code == 404
    client.force_login(member)
    assert client.get(reverse("reports:download", args=[working.pk])).status_code == 200


def test_national_overview_is_for_national_reviewers_only(client, demo, member, reviewer):
    document = ready(national_document())
    url = reverse("reports:download", args=[document.pk])
    assert client.get(url).status_code == 302  # a visitor is asked to sign in
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(reviewer)
    assert client.get(url).status_code == 200


def test_a_document_not_ready_yet_sends_the_reader_to_its_status(client, demo, member):
    document = plan_document(demo["rin-gorenjska-2014-2016"])
    client.force_login(member)
    response = client.get(reverse("reports:download", args=[document.pk]))
    assert response.status_code == 302 and response.url == document.get_absolute_url()


def test_unknown_document_is_404(client, demo, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("reports:download", args=[999999])).status_code == 404


# The reviewers' page ------------------------------------------------------------------


def test_documents_list_needs_signing_in(client, demo):
    response = client.get(reverse("reports:list"))
    assert response.status_code == 302 and "/prijava/" in response.url


def test_documents_list_shows_the_latest_version_the_reader_may_see(client, demo, member):
    gorenjska = demo["rin-gorenjska-2017-2020"]
    old = ready(plan_document(gorenjska))
    Document.objects.filter(pk=old.pk).update(fingerprint="0" * 64)
    new = ready(plan_document(gorenjska))
    velenje_working = ready(plan_document(demo["strategija-velenje-2014-2020"]))
    velenje_public = ready(plan_document(demo["strategija-velenje-2014-2020"], audience="public"))
    national = ready(national_document())
    client.force_login(member)
    response = client.get(reverse("reports:list"))
    shown = {d.pk for entry in response.context["regions"] for d in entry["documents"]}
    assert new.version == 2 and new.pk in shown and old.pk not in shown
    assert velenje_public.pk in shown and velenje_working.pk not in shown
    assert response.context["national"] == [] and national.pk not in shown
    assert sl("Prepare XLSX") not in response.text


def test_reviewer_sees_every_region_and_the_national_overview(client, demo, reviewer):
    national = ready(national_document())
    ready(plan_document(demo["strategija-velenje-2014-2020"]))
    client.force_login(reviewer)
    response = client.get(reverse("reports:list"))
    assert response.context["national"] == [national]
    assert [entry["region"].name for entry in response.context["regions"]] == ["Savinjska"]
    assert sl("Prepare XLSX") in response.text


def test_documents_list_runs_the_same_queries_for_one_document_or_many(client, demo, reviewer):
    ready(plan_document(demo["rin-gorenjska-2014-2016"]))
    client.force_login(reviewer)
    client.get(reverse("reports:list"))  # session and roles are loaded once

    def queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("reports:list")).status_code == 200
        return len(captured)

    one = queries()
    for slug in ("rin-gorenjska-2017-2020", "strategija-velenje-2014-2020"):
        ready(plan_document(demo[slug]))
    ready(plan_document(demo["rin-gorenjska-2014-2016"], format="pdf_a"))
    ready(national_document())
    assert queries() == one


def test_plan_documents_page_runs_the_same_queries_for_one_document_or_many(client, demo, member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    plan = demo["rin-gorenjska-2014-2016"]
    ready(plan_document(plan))
    client.force_login(member)
    url = reverse("reports:plan", args=[plan.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    ready(plan_document(plan, format="pdf_a"))
    ready(plan_document(plan, audience="public"))
    with CaptureQueriesContext(connection) as several:
        client.get(url)
    assert len(several) == len(one)


def test_lists_status_and_download_leave_the_rendered_data_in_the_database(client, demo, reviewer):
    """A national overview's data is over a megabyte: reading it for a list row, a status
    poll or a download made the documents page four times slower."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    document = ready(national_document())
    client.force_login(reviewer)
    for url in (
        reverse("reports:list"),
        reverse("reports:status_json", args=[document.pk]),
        reverse("reports:download", args=[document.pk]),
    ):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        assert not any('"reports_document"."data"' in q["sql"] for q in captured), url
