from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from plans.models import ChangeRecord, EntryFunding, EvidenceFile, IndicatorValue, ReportEntry
from plans.progress import services
from plans.services.errors import PlanError

from .conftest import add_programme, complete_input, entries_of, fill

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_saves_fields_values_and_funds(report, staff):
    [entry] = entries_of(report)
    services.report_save(report=report, user=staff, entries=[complete_input(entry)])
    entry = ReportEntry.objects.get(pk=entry.pk)
    assert (entry.status, entry.achievements, entry.updated_by) == (
        "in_progress",
        "Odprli smo dva centra.",
        staff,
    )
    assert IndicatorValue.objects.get(entry=entry).achieved_value == 4
    assert EntryFunding.objects.get(entry=entry).amount_used == 900
    assert entry.version == 2


def test_records_every_change_in_the_history(report, staff):
    [entry] = entries_of(report)
    services.report_save(report=report, user=staff, entries=[complete_input(entry)])
    records = ChangeRecord.objects.filter(report=report, action="updated")
    by_entity = {r.entity: r for r in records}
    assert by_entity["plans.reportentry"].changes["status"] == {
        "before": "",
        "after": "V izvajanju",
    }
    assert by_entity["plans.indicatorvalue"].changes["achieved_value"] == {
        "before": "",
        "after": "4",
    }
    assert by_entity["plans.entryfunding"].changes["amount_used"]["after"] == "900"
    assert all(r.programme == entry.programme and r.user == staff for r in records)


def test_the_history_groups_counts_as_the_pages_do(report, staff):
    """1.234 users reached, next to achieved values written 1.234: not "1234"."""
    [entry] = entries_of(report)
    services.report_save(
        report=report, user=staff, entries=[complete_input(entry, users_reached=1234)]
    )
    record = ChangeRecord.objects.get(report=report, entity="plans.reportentry")
    assert record.changes["users_reached"] == {"before": "", "after": "1.234"}


def test_an_unchanged_save_writes_nothing(report, staff):
    fill(report, staff)
    count = ChangeRecord.objects.count()
    [entry] = entries_of(report)
    services.report_save(report=report, user=staff, entries=[complete_input(entry)])
    assert ChangeRecord.objects.count() == count
    assert ReportEntry.objects.get(pk=entry.pk).version == entry.version


def test_clearing_a_fund_removes_it_and_says_so(report, staff):
    fill(report, staff)
    [entry] = entries_of(report)
    services.report_save(
        report=report, user=staff, entries=[complete_input(entry, funding={"ministry": None})]
    )
    assert not EntryFunding.objects.filter(entry=entry).exists()
    assert ChangeRecord.objects.filter(entity="plans.entryfunding", action="deleted").exists()


def test_a_save_over_a_newer_version_is_a_conflict_and_writes_nothing(report, staff, other_member):
    add_programme(report.plan)
    report = services.report_open(plan=report.plan, year=2018, user=staff)
    first, second = entries_of(report)
    stale = complete_input(first)
    # A colleague saves the first entry meanwhile.
    services.report_save(
        report=report, user=staff, entries=[complete_input(first, achievements="Kolegov opis.")]
    )
    with pytest.raises(services.EntriesConflict) as conflict:
        services.report_save(report=report, user=staff, entries=[stale, complete_input(second)])
    assert conflict.value.entry_ids == [first.pk]
    assert ReportEntry.objects.get(pk=first.pk).achievements == "Kolegov opis."
    # All or nothing: the second entry, saved in the same go, was not written either.
    assert ReportEntry.objects.get(pk=second.pk).status == ""


def test_a_stale_version_of_an_untouched_entry_is_no_conflict(report, staff):
    [entry] = entries_of(report)
    services.report_save(report=report, user=staff, entries=[complete_input(entry)])
    # Same content as stored, though loaded at the older version.
    services.report_save(report=report, user=staff, entries=[complete_input(entry)])


def test_refuses_a_value_that_does_not_fit_the_unit(report, staff):
    [entry] = entries_of(report)
    indicator = entry.programme.indicators.get()
    data = complete_input(entry, values={indicator.pk: Decimal("2.5")})
    with pytest.raises(PlanError, match="whole numbers"):
        services.report_save(report=report, user=staff, entries=[data])
    assert ReportEntry.objects.get(pk=entry.pk).status == ""


def test_refuses_an_indicator_of_another_programme(report, staff):
    other = add_programme(report.plan)
    [entry] = entries_of(report)
    data = complete_input(entry, values={other.indicators.get().pk: Decimal(1)})
    with pytest.raises(PlanError, match="does not belong"):
        services.report_save(report=report, user=staff, entries=[data])


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_refuses_a_locked_report(report, staff, status):
    fill(report, staff)
    services.report_submit(report=report, user=staff, version=report.version)
    if status == "approved":
        services.report_approve(report=report, user=staff, version=report.version)
    [entry] = entries_of(report)
    with pytest.raises(PlanError, match="submitted|approved"):
        services.report_save(
            report=report, user=staff, entries=[complete_input(entry, achievements="Kasneje.")]
        )
    assert ReportEntry.objects.get(pk=entry.pk).achievements == "Odprli smo dva centra."


def test_adds_and_removes_evidence_with_history(report, staff, django_capture_on_commit_callbacks):
    [entry] = entries_of(report)
    upload = SimpleUploadedFile("zapisnik.pdf", PDF, content_type="text/html")
    services.report_save(report=report, user=staff, entries=[], uploads={entry.pk: [upload]})
    evidence = EvidenceFile.objects.get(entry=entry)
    assert (evidence.original_name, evidence.content_type) == ("zapisnik.pdf", "application/pdf")
    assert evidence.file.name.endswith(".pdf") and "zapisnik" not in evidence.file.name
    stored = evidence.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.report_save(report=report, user=staff, entries=[], removals=[evidence.pk])
    assert not EvidenceFile.objects.exists()
    assert not evidence.file.storage.exists(stored)
    actions = set(
        ChangeRecord.objects.filter(entity="plans.evidencefile").values_list("action", flat=True)
    )
    assert actions == {"created", "deleted"}


def test_refuses_evidence_that_is_not_what_it_claims(report, staff):
    [entry] = entries_of(report)
    upload = SimpleUploadedFile(
        "porocilo.pdf", b"<html><script>alert(1)</script>", "application/pdf"
    )
    with pytest.raises(PlanError, match="not a PDF"):
        services.report_save(report=report, user=staff, entries=[], uploads={entry.pk: [upload]})
    assert not EvidenceFile.objects.exists()
