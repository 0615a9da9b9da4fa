import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.models import EvidenceFile
from plans.progress import services
from rin_portal.models import SecurityEvent

from .conftest import entries_of, fill

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _url(report, name="report"):
    return reverse(f"progress:{name}", args=[report.plan.slug, report.year])


@pytest.fixture
def evidence(report, staff):
    [entry] = entries_of(report)
    upload = SimpleUploadedFile("fotografija.png", PNG, "image/png")
    services.report_save(report=report, user=staff, entries=[], uploads={entry.pk: [upload]})
    return EvidenceFile.objects.get()


def test_staff_read_the_report_with_completeness_steps_and_history(client, report, staff):
    fill(report, staff)
    client.force_login(staff)
    response = client.get(_url(report))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Odprli smo dva centra." in page
    assert "Nothing is missing: the report can be submitted." in page
    assert response.context["events"][0].action == "opened"
    assert any(e["record"].entity == "plans.reportentry" for e in response.context["history"])


def test_the_reviewer_reads_every_draft(client, report, reviewer):
    client.force_login(reviewer)
    assert client.get(_url(report)).status_code == 200


def test_a_draft_is_not_found_outside_the_scope_or_for_the_public(client, report, outsider):
    response = client.get(_url(report))  # a visitor: asked to sign in
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(outsider)
    assert client.get(_url(report)).status_code == 404


def test_an_approved_report_of_a_confirmed_plan_is_public_without_history(
    client, report, staff, member
):
    fill(report, staff)
    services.report_submit(report=report, user=staff, version=report.version)
    services.report_approve(report=report, user=member, version=report.version)
    response = client.get(_url(report))
    assert response.status_code == 200
    assert "history" not in response.context and response.context["events"] == []


def test_report_page_rejects_post(client, report, staff):
    client.force_login(staff)
    assert client.post(_url(report)).status_code == 405


def test_evidence_is_served_as_an_attachment_to_those_who_see_the_report(
    client, report, evidence, member
):
    client.force_login(member)
    response = client.get(reverse("progress:evidence", args=[report.plan.slug, 2017, evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="fotografija.png"'
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert SecurityEvent.objects.filter(kind="download", user=member).exists()


def test_evidence_of_a_draft_is_hidden_from_outsiders_and_the_public(
    client, report, evidence, outsider
):
    url = reverse("progress:evidence", args=[report.plan.slug, 2017, evidence.pk])
    assert client.get(url).status_code == 302  # a visitor: asked to sign in
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_evidence_of_another_report_is_not_found(client, report, evidence, staff):
    other = services.report_open(plan=report.plan, year=2018, user=staff)
    client.force_login(staff)
    url = reverse("progress:evidence", args=[report.plan.slug, other.year, evidence.pk])
    assert client.get(url).status_code == 404


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize("name", ["report", "review"])
def test_report_and_review_queries_do_not_grow_with_programmes(
    client, confirmed_plan, gorenjska, staff, member, name
):
    from tests import builders

    from .conftest import add_programme

    counts = []
    for size, slug in ((1, "en-program"), (11, "enajst-programov")):
        plan = builders.make_plan(
            region=gorenjska, slug=slug, status="confirmed", confirmed_on="2017-06-30"
        )
        for n in range(size):
            add_programme(plan, f"Program {n}")
        report = services.report_open(plan=plan, year=2017, user=staff)
        fill(report, staff)
        services.report_submit(report=report, user=staff, version=report.version)
        client.force_login(member)
        counts.append(_queries(client, _url(report, name)))
    assert counts[0] == counts[1]


def test_the_admin_shows_a_reports_entries_and_trail_but_does_not_edit_them(
    admin_client, report, staff
):
    """Entries are filed in the portal, where each change is checked and recorded in the
    report's history; the admin only shows them."""
    fill(report, staff)
    page = admin_client.get(f"/admin/plans/yearlyreport/{report.pk}/change/").content.decode()
    assert "Odprli smo dva centra." in page  # shown
    assert 'name="entries-0-achievements"' not in page  # not editable
    assert 'name="entries-0-DELETE"' not in page  # not removable
    assert 'name="entries-MAX_NUM_FORMS" value="0"' in page  # none can be added


def test_each_entrys_tables_are_named_by_its_programme(client, report, staff):
    """A screen reader's list of tables (and the scroll boxes named after their
    captions) tells the programmes apart: not five tables called "Kazalniki"."""
    client.cookies["django_language"] = "sl"
    client.force_login(staff)
    [entry] = entries_of(report)
    page = client.get(_url(report)).content.decode()
    assert (
        f'Kazalniki<span class="visually-hidden">: <span>1.1 {entry.programme.title}</span></span>'
        in page
    )


def test_the_report_page_leads_to_where_its_pdf_is_prepared(client, report, staff):
    client.force_login(staff)
    page = client.get(_url(report)).content.decode()
    documents = reverse("reports:plan", args=[report.plan.slug])
    assert f'href="{documents}#reports-title">Documents (PDF)</a>' in page
    listing = client.get(documents).content.decode()
    assert 'id="reports-title"' in listing
    assert f'name="year" value="{report.year}"' in listing
