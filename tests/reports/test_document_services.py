"""Asking for documents: stored once per data, versioned on change, rendered by the worker."""

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from plans.models import Plan
from reports import selectors, services
from reports.errors import DocumentError
from reports.models import Document

from .conftest import content, page_texts, reader, rendered


def _msg(text: str) -> str:
    """The start of a message as the reader sees it (the catalogue's wording), as a regex."""
    full = {
        "This plan has not been confirmed yet": (
            "This plan has not been confirmed yet: there is no public text."
        ),
        "This report has not been approved yet": (
            "This report has not been approved yet: there is no public text."
        ),
    }[text]
    with translation.override(settings.LANGUAGE_CODE):
        return re.escape(_(full))


def _request(plan, **kwargs):
    return services.document_request_plan(
        user=None,
        plan=plan,
        format=kwargs.get("format", "pdf"),
        audience=kwargs.get("audience", "working"),
    )


def test_request_stores_a_pending_document_and_queues_its_render(
    demo, django_capture_on_commit_callbacks
):
    plan = demo["rin-gorenjska-2014-2016"]
    with django_capture_on_commit_callbacks(execute=True):
        document = _request(plan)
    assert document.status == "pending" and document.version == 1 and not document.file
    task = DBTaskResult.objects.get()
    assert task.queue_name == "documents" and task.task_path == "reports.tasks.render_document"
    assert task.args_kwargs["args"] == [document.pk]
    document.refresh_from_db()
    assert document.task_id == str(task.id)


def test_the_worker_renders_the_queued_document(
    demo, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        document = _request(demo["strategija-velenje-2014-2020"])
    # The worker would close the test's connection, which holds the test's transaction.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", "--no-reload")
    document.refresh_from_db()
    assert document.status == "ready" and document.page_count > 5
    assert content(document).startswith(b"%PDF-")


def test_same_data_returns_the_same_document_and_identical_bytes(demo):
    plan = demo["rin-gorenjska-2014-2016"]
    first = rendered(_request(plan))
    again = _request(plan)
    assert again.pk == first.pk and again.status == "ready"
    assert content(again) == content(first)
    assert Document.objects.count() == 1


def test_a_change_to_the_plan_makes_a_new_version_and_keeps_the_old(demo):
    plan = demo["rin-gorenjska-2017-2020"]
    first = rendered(_request(plan))
    old_bytes = content(first)
    chapter = plan.chapters.first()
    chapter.title = "Uvod (spremenjen)"
    chapter.save(update_fields=["title"])
    Plan.objects.filter(pk=plan.pk).update(revision=plan.revision + 1)
    plan.refresh_from_db()
    second = rendered(_request(plan))
    assert second.pk != first.pk
    assert (first.version, second.version) == (1, 2)
    assert second.fingerprint != first.fingerprint
    first.refresh_from_db()
    assert first.status == "ready" and content(first) == old_bytes


def test_a_new_way_of_writing_numbers_makes_a_new_version(demo, tmp_path, monkeypatch):
    """The minus sign (−200 for -200) is written by rin_portal/formatting.py: once it
    changes, a document asked for again is rendered anew, not served as before."""
    from reports import rendering

    shared = settings.BASE_DIR / "rin_portal" / "formatting.py"
    assert shared in rendering.SHARED_FILES
    copy = tmp_path / "formatting.py"
    copy.write_bytes(shared.read_bytes())
    monkeypatch.setattr(rendering, "SHARED_FILES", (copy,))
    rendering.render_version.cache_clear()
    plan = demo["rin-gorenjska-2014-2016"]
    first = rendered(_request(plan))
    hyphen = copy.read_text().replace('MINUS = "\\u2212"', 'MINUS = "-"')
    assert hyphen != copy.read_text()
    copy.write_text(hyphen)
    rendering.render_version.cache_clear()
    second = _request(plan)
    rendering.render_version.cache_clear()  # the real files again, for the other tests
    assert second.pk != first.pk and second.fingerprint != first.fingerprint


def test_formats_and_audiences_are_numbered_apart(demo):
    plan = demo["rin-gorenjska-2014-2016"]
    working = _request(plan)
    public = _request(plan, audience="public")
    archival = _request(plan, format="pdf_a")
    assert {working.version, public.version, archival.version} == {1}
    assert len({working.series, public.series, archival.series}) == 3


def test_a_failed_document_is_queued_again_when_asked_for(demo, django_capture_on_commit_callbacks):
    document = _request(demo["rin-gorenjska-2014-2016"])
    Document.objects.filter(pk=document.pk).update(status="failed", error="Prekinjeno.")
    with django_capture_on_commit_callbacks(execute=True):
        again = _request(demo["rin-gorenjska-2014-2016"])
    assert again.pk == document.pk and again.status == "pending" and again.error == ""
    assert DBTaskResult.objects.filter(args_kwargs__args=[document.pk]).exists()


def test_a_draft_plan_has_no_public_text(demo):
    with pytest.raises(DocumentError, match=_msg("This plan has not been confirmed yet")):
        _request(demo["rin-gorenjska-2017-2020"], audience="public")


def test_a_plan_is_not_a_spreadsheet(demo):
    with pytest.raises(DocumentError):
        _request(demo["rin-gorenjska-2014-2016"], format="xlsx")


def test_an_unapproved_report_has_no_public_text(demo):
    report = demo["rin-gorenjska-2014-2016"].yearly_reports.get(year=2016)
    with pytest.raises(DocumentError, match=_msg("This report has not been approved yet")):
        services.document_request_yearly(user=None, report=report, format="pdf", audience="public")


def test_the_public_reads_the_text_confirmed_last_during_an_amendment(demo):
    plan = demo["rin-gorenjska-2014-2016"]
    # What confirming the plan recorded; then an amendment starts and changes a chapter.
    plan.snapshots.create(label="Potrjeno", data=selectors.plan_data(plan, audience="working"))
    Plan.objects.filter(pk=plan.pk).update(status="amendment")
    plan.refresh_from_db()
    chapter = plan.chapters.first()
    chapter.title = "Osnutek spremembe"
    chapter.save(update_fields=["title"])
    public = " ".join(page_texts(reader(content(rendered(_request(plan, audience="public"))))))
    working = " ".join(page_texts(reader(content(rendered(_request(plan))))))
    assert "Uvod in pravna podlaga" in public and "Osnutek spremembe" not in public
    assert "Osnutek spremembe" in working


def test_rendering_the_same_data_again_gives_identical_bytes(demo):
    from reports import rendering

    for format in ("pdf", "pdf_a"):
        document = _request(demo["rin-gorenjska-2014-2016"], format=format)
        assert rendering.render(document).content == rendering.render(document).content


def test_a_yearly_reports_changed_targets_name_their_fields_in_the_documents_language(demo):
    """ "Ciljna vrednost: 160 → 175", not "target_value", whoever asks for the document."""
    from django.utils import translation

    from plans.models import ChangeRecord, Indicator
    from reports.selectors import yearly_report_data

    plan = demo["rin-gorenjska-2014-2016"]
    report = plan.yearly_reports.get(year=2016)
    indicator = Indicator.objects.filter(programme__plan=plan).first()
    ChangeRecord.objects.create(
        plan=plan,
        entity="plans.indicator",
        object_id=indicator.pk,
        object_label=indicator.name,
        action=ChangeRecord.Action.UPDATED,
        changes={"target_value": {"before": "160", "after": "175"}},
        reason="other",
        reason_text="Več uporabnikov",
    )
    with translation.override("en"):
        data = yearly_report_data(report, audience="working")
    [change] = [c for c in data["changes"] if c["reason_text"] == "Več uporabnikov"]
    assert change["changes"] == [{"field": "ciljna vrednost", "before": "160", "after": "175"}]


def test_a_consultation_taken_back_is_not_a_change_of_the_plan_in_its_reports(demo):
    """Its reason is in the history, but the yearly report lists changes to what the plan
    says (with their reasons) and amendments, not a draft taken back from the public."""
    import datetime

    from plans.models import ChangeRecord
    from reports.selectors import yearly_report_data

    plan = demo["rin-gorenjska-2014-2016"]
    report = plan.yearly_reports.get(year=2016)
    for reason, text in (("", "Dopolniti moramo analizo."), ("other", "Nove potrebe.")):
        record = ChangeRecord.objects.create(
            plan=plan,
            entity="plans.plan",
            object_id=plan.pk,
            object_label=plan.title,
            action=ChangeRecord.Action.STATUS,
            changes={"status": {"before": "Javna obravnava", "after": "Osnutek"}},
            reason=reason,
            reason_text=text,
        )
        # Before the report's approval, which the document lists changes up to.
        ChangeRecord.objects.filter(pk=record.pk).update(
            created_at=datetime.datetime(2016, 1, 5, tzinfo=datetime.UTC)
        )
    data = yearly_report_data(report, audience="working")
    texts = [c["reason_text"] for c in data["changes"]]
    assert "Nove potrebe." in texts and "Dopolniti moramo analizo." not in texts
