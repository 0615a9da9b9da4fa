"""Every write of yearly progress: opening a year, saving entries and evidence, the
review loop (submit, return, approve, reopen) and deadline reminders.

Each action checks the report's current status, claims the version the user acted on
(so a double click or two people at once apply it exactly once), stamps who and when,
records the change in the history and sends its e-mail only after the commit.
"""

import datetime
import functools
import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from news import services as news_services
from plans.kinds import by_kind
from plans.models import (
    ChangeRecord,
    EntryFunding,
    EvidenceFile,
    FundingSource,
    IndicatorValue,
    Plan,
    ReportEntry,
    ReportEvent,
    YearlyReport,
)
from plans.services.errors import EditConflict, PlanError
from plans.services.history import describe, diff, record_change, user_label
from plans.services.versioning import claim_version
from plans.validation import value_error
from rin_portal import permissions

from . import selectors, tasks
from .checks import Problem, report_problems
from .evidence import evidence_error, sniff
from .state import (
    ENTRY_FIELDS,
    TEXT_FIELDS,
    EntryInput,
    entry_state,
    field_choices,
    input_state,
    normalise_text,
)

EDITABLE = frozenset({YearlyReport.Status.DRAFT, YearlyReport.Status.RETURNED})
# Reminders start this many days before the due date.
REMINDER_WINDOW_DAYS = 14


class EntriesConflict(PlanError):
    """Colleagues saved some of the entries after the user loaded them; nothing was written."""

    def __init__(self, entry_ids: list[int]):
        super().__init__(_("Someone saved some of these entries first."))
        self.entry_ids = entry_ids


class ReportIncomplete(PlanError):
    def __init__(self, problems: list[Problem]):
        super().__init__(
            ngettext(
                "The report cannot be submitted yet: %(count)s item is still missing.",
                "The report cannot be submitted yet: %(count)s items are still missing.",
                len(problems),
            )
            % {"count": len(problems)}
        )
        self.problems = problems


def _notify(notice: str, report: YearlyReport, **details) -> None:
    """Queue a notice of the review loop for the worker once the step commits: a step
    refused or rolled back never sends mail, and a mail server that fails cannot fail a
    step already saved (`tasks.py`)."""
    transaction.on_commit(
        functools.partial(tasks.send_report_notice.enqueue, notice, report.pk, **details)
    )


def _main_language(text_function):
    """Labels stored in the history are in the portal's main language, like its values."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(text_function())


def _event(report: YearlyReport, action: str, user, reason: str = "") -> ReportEvent:
    return ReportEvent.objects.create(
        report=report, action=action, user=user, user_name=user_label(user), reason=reason
    )


def status_refusal(report: YearlyReport) -> PlanError:
    messages = {
        YearlyReport.Status.SUBMITTED: _(
            "The report was submitted and waits for review; it cannot be changed now."
        ),
        YearlyReport.Status.APPROVED: _(
            "The report was approved and the year is locked. It can be changed only after it is reopened."
        ),
    }
    return PlanError(
        messages.get(report.status, _("The report cannot take this step in its present status."))
    )


# Opening a year ------------------------------------------------------------------------


def report_open(*, plan: Plan, year: int, user, today: datetime.date | None = None) -> YearlyReport:
    """Open the yearly report with one entry per programme active in `year`.

    Also on a closed plan, for the years up to its closing (`Plan.last_reported_year`):
    the report on a plan's last year is due months after the plan closed at the end of
    its period. Later years were never implemented, so there is nothing to report."""
    today = today or timezone.localdate()
    if plan.confirmed_on is None:
        raise PlanError(
            by_kind(
                plan,
                _("Progress is reported on a confirmed plan; this plan is not confirmed yet."),
                _("Progress is reported on an adopted strategy; this strategy is not adopted yet."),
            )
        )
    if year not in plan.years:
        raise PlanError(
            by_kind(
                plan,
                _("The year must lie within the plan's period, %(first)s–%(last)s."),
                _("The year must lie within the strategy's period, %(first)s–%(last)s."),
            )
            % {"first": plan.first_year, "last": plan.last_year}
        )
    if year > today.year:
        raise PlanError(_("A year that has not begun yet cannot be reported on."))
    if year > plan.last_reported_year:
        raise PlanError(
            by_kind(
                plan,
                _("The plan was closed on %(date)s: later years are not reported on."),
                _("The strategy was closed on %(date)s: later years are not reported on."),
            )
            % {"date": formats.date_format(plan.closed_on, "DATE_FORMAT")}
        )
    already = PlanError(_("The report for %(year)s is already open.") % {"year": year})
    if plan.yearly_reports.filter(year=year).exists():
        raise already
    try:
        with transaction.atomic():
            report = YearlyReport.objects.create(
                plan=plan, year=year, due_date=plan.report_due_date(year), opened_by=user
            )
            _event(report, ReportEvent.Action.OPENED, user)
            programmes = plan.programmes.filter(first_year__lte=year, last_year__gte=year)
            for programme in programmes.order_by("position", "id"):
                ReportEntry.objects.create(report=report, programme=programme, updated_by=user)
            record_change(
                plan=plan,
                user=user,
                obj=report,
                action=ChangeRecord.Action.CREATED,
                report=report,
                label=_main_language(lambda: _("Yearly report %(year)s") % {"year": year}),
            )
    except IntegrityError:
        raise already from None
    return report


def entries_add_missing(*, plan: Plan, user) -> int:
    """Give each open (draft or returned) report an entry for every programme active in
    its year that has none: a programme added, or its years changed, by an amendment.
    Returns how many entries were added."""
    added = 0
    for report in plan.yearly_reports.filter(status__in=selectors.OPEN_STATUSES):
        missing = (
            plan.programmes.filter(first_year__lte=report.year, last_year__gte=report.year)
            .exclude(report_entries__report=report)
            .order_by("position", "id")
        )
        for programme in missing:
            ReportEntry.objects.create(report=report, programme=programme, updated_by=user)
            added += 1
    return added


# Saving entries ------------------------------------------------------------------------


def _entry_label(report: YearlyReport, entry: ReportEntry, detail: str = "") -> str:
    label = f"{report.year}: {entry.programme.title}"
    return f"{label} – {detail}" if detail else label


def _check_input(entry: ReportEntry, data: EntryInput) -> None:
    """What forms and the spreadsheet reader already refuse, refused here as well."""
    indicators = {indicator.pk: indicator for indicator in entry.programme.indicators.all()}
    if data.status and data.status not in ReportEntry.Status.values:
        raise PlanError(_("Unknown status: %(status)s") % {"status": data.status})
    if data.users_reached is not None and data.users_reached < 0:
        raise PlanError(_("The number of users reached cannot be negative."))
    for indicator_id, value in data.values.items():
        indicator = indicators.get(indicator_id)
        if indicator is None:
            raise PlanError(_("An indicator does not belong to the programme."))
        if error := value_error(indicator.unit, value):
            raise PlanError(f"{indicator.name}: {error}")
    for source, amount in data.funding.items():
        if source not in FundingSource.values:
            raise PlanError(_("Unknown funding source: %(source)s") % {"source": source})
        if amount is not None and amount < 0:
            raise PlanError(_("Funds used cannot be negative."))


def _same(old: Decimal | None, new: Decimal | None) -> bool:
    return old == new if old is not None and new is not None else old is new


def _save_values(report, entry, data: EntryInput, user) -> None:
    stored = {value.indicator_id: value for value in entry.values.all()}
    for indicator in entry.programme.indicators.all():
        if indicator.pk not in data.values:
            continue
        row = stored.get(indicator.pk) or IndicatorValue(entry=entry, indicator=indicator)
        new = data.values[indicator.pk]
        if row.pk and _same(row.achieved_value, new):
            continue
        if not row.pk and new is None:
            continue
        before = describe(row, ["achieved_value"]) if row.pk else {"achieved_value": ""}
        row.achieved_value = new
        row.save()
        record_change(
            plan=report.plan,
            user=user,
            obj=row,
            action=ChangeRecord.Action.UPDATED,
            changes=diff(before, describe(row, ["achieved_value"])),
            programme=entry.programme,
            report=report,
            label=_entry_label(report, entry, indicator.name),
        )


def _save_funding(report, entry, data: EntryInput, user) -> None:
    stored = {line.source: line for line in entry.funding.all()}
    for source in FundingSource.values:
        row, new = stored.get(source), data.funding.get(source)
        if (row is None and new is None) or (row is not None and _same(row.amount_used, new)):
            continue
        if row is None:
            row = EntryFunding(entry=entry, source=source, amount_used=new)
        before = describe(row, ["amount_used"]) if row.pk else {"amount_used": ""}
        label = _entry_label(report, entry, _main_language(lambda s=source: FundingSource(s).label))
        if new is None:
            action, after = ChangeRecord.Action.DELETED, {"amount_used": ""}
            record_change(
                plan=report.plan,
                user=user,
                obj=row,
                action=action,
                changes=diff(before, after),
                programme=entry.programme,
                report=report,
                label=label,
            )
            row.delete()
            continue
        row.amount_used = new
        row.save()
        record_change(
            plan=report.plan,
            user=user,
            obj=row,
            action=ChangeRecord.Action.UPDATED,
            changes=diff(before, describe(row, ["amount_used"])),
            programme=entry.programme,
            report=report,
            label=label,
        )


def _apply(report: YearlyReport, entry: ReportEntry, data: EntryInput, user) -> None:
    before = describe(entry, list(ENTRY_FIELDS))
    for name in ENTRY_FIELDS:
        value = getattr(data, name)
        setattr(entry, name, normalise_text(value) if name in TEXT_FIELDS else value)
    entry.updated_by = user
    # Related rows are the stored ones; the database guards uniqueness and constraints.
    entry.full_clean(
        exclude=["version", "report", "programme", "updated_by"],
        validate_unique=False,
        validate_constraints=False,
    )
    entry.save(update_fields=[*ENTRY_FIELDS, "updated_by", "updated_at"])
    changes = diff(before, describe(entry, list(ENTRY_FIELDS)))
    if changes:
        record_change(
            plan=report.plan,
            user=user,
            obj=entry,
            action=ChangeRecord.Action.UPDATED,
            changes=changes,
            programme=entry.programme,
            report=report,
            label=_entry_label(report, entry),
        )
    _save_values(report, entry, data, user)
    _save_funding(report, entry, data, user)


def _lock_editable(report: YearlyReport) -> YearlyReport:
    """The report row, locked until the commit, if it may still be edited."""
    current = YearlyReport.objects.select_for_update().get(pk=report.pk)
    if current.status not in EDITABLE:
        raise status_refusal(current)
    return current


def _remove_evidence(report, ids: Iterable[int], user, removed_files: list[str]) -> bool:
    files = EvidenceFile.objects.filter(pk__in=list(ids), entry__report=report).select_related(
        "entry__programme"
    )
    removed = False
    for evidence in files:
        record_change(
            plan=report.plan,
            user=user,
            obj=evidence,
            action=ChangeRecord.Action.DELETED,
            changes={"original_name": {"before": evidence.original_name, "after": ""}},
            programme=evidence.entry.programme,
            report=report,
            label=_entry_label(report, evidence.entry, evidence.original_name),
        )
        removed_files.append(evidence.file.name)
        evidence.delete()
        removed = True
    return removed


def _add_evidence(report, entry, uploads, user, saved_files: list[str]) -> None:
    for upload in uploads:
        if error := evidence_error(upload):
            raise PlanError(error)
        kind = sniff(upload, upload.name)
        name = os.path.basename(upload.name or "")[:255] or kind.extension
        evidence = EvidenceFile(
            entry=entry,
            original_name=name,
            content_type=kind.content_type,
            size=upload.size,
            uploaded_by=user,
        )
        evidence.file.save(f"{uuid.uuid4().hex}{kind.extension}", upload, save=False)
        saved_files.append(evidence.file.name)
        evidence.save()
        record_change(
            plan=report.plan,
            user=user,
            obj=evidence,
            action=ChangeRecord.Action.CREATED,
            changes={"original_name": {"before": "", "after": name}},
            programme=entry.programme,
            report=report,
            label=_entry_label(report, entry, name),
        )


def _delete_files(names: list[str]) -> None:
    for name in names:
        EvidenceFile.file.field.storage.delete(name)


def report_save(
    *,
    report: YearlyReport,
    user,
    entries: list[EntryInput],
    uploads: dict[int, list[UploadedFile]] | None = None,
    removals: Iterable[int] = (),
) -> YearlyReport:
    """Save the entries a user changed, each over the version they loaded: all or nothing.

    An entry whose content equals what is stored is left alone, whatever version the
    user saw. If any changed entry was saved by someone else in the meantime, nothing
    is written and EntriesConflict names the entries.
    """
    saved_files: list[str] = []
    removed_files: list[str] = []
    try:
        with transaction.atomic():
            current = _lock_editable(report)
            stored = {entry.pk: entry for entry in selectors.report_entries(report)}
            changed, conflicts = False, []
            for data in entries:
                entry = stored.get(data.entry_id)
                if entry is None:
                    raise PlanError(_("An entry does not belong to this report."))
                _check_input(entry, data)
                if input_state(data, entry) == entry_state(entry):
                    continue
                try:
                    claim_version(entry, data.version)
                except EditConflict:
                    conflicts.append(entry.pk)
                    continue
                _apply(report, entry, data, user)
                changed = True
            if conflicts:
                raise EntriesConflict(conflicts)
            changed |= _remove_evidence(report, removals, user, removed_files)
            for entry_id, files in (uploads or {}).items():
                if entry_id not in stored:
                    raise PlanError(_("An entry does not belong to this report."))
                _add_evidence(report, stored[entry_id], files, user, saved_files)
                changed |= bool(files)
            if changed:
                YearlyReport.objects.filter(pk=report.pk).update(version=F("version") + 1)
                report.version = current.version + 1
            transaction.on_commit(functools.partial(_delete_files, removed_files))
    except Exception:
        _delete_files(saved_files)
        raise
    return report


# The review loop -----------------------------------------------------------------------


def report_submit(*, report: YearlyReport, user, version: int | None) -> YearlyReport:
    """Submit the report for review, if nothing is missing. Exactly one of two
    submissions of the same version is recorded."""
    if report.status not in EDITABLE:
        raise status_refusal(report)
    with transaction.atomic():
        claim_version(report, version)
        problems = report_problems(selectors.report_entries(report), report.year, report.plan.kind)
        if problems:
            raise ReportIncomplete(problems)
        report.status = YearlyReport.Status.SUBMITTED
        report.submitted_by, report.submitted_at = user, timezone.now()
        report.save(update_fields=["status", "submitted_by", "submitted_at"])
        _event(report, ReportEvent.Action.SUBMITTED, user)
        _notify("submitted", report)
    return report


def _clear_return(entry: ReportEntry) -> None:
    entry.is_returned, entry.return_reason, entry.returned_field = False, "", ""
    entry.returned_snapshot = None


RETURN_FIELDS = ["is_returned", "return_reason", "returned_field", "returned_snapshot"]


def report_return(
    *, report: YearlyReport, user, version: int | None, returns: dict[int, tuple[str, str]]
) -> YearlyReport:
    """Return a submitted report for revision. `returns` maps each returned entry's id to
    (reason, field), where field names the one part the reviewer points at, or is ""."""
    if report.status != YearlyReport.Status.SUBMITTED:
        raise status_refusal(report)
    returns = {pk: (reason.strip(), field) for pk, (reason, field) in returns.items()}
    if not returns or not all(reason for reason, _field in returns.values()):
        raise PlanError(_("Give the reason for each entry you return."))
    with transaction.atomic():
        claim_version(report, version)
        entries = selectors.report_entries(report)
        by_id = {entry.pk: entry for entry in entries}
        if set(returns) - set(by_id):
            raise PlanError(_("An entry does not belong to this report."))
        returned = []
        for entry in entries:
            _clear_return(entry)
            if entry.pk in returns:
                reason, part = returns[entry.pk]
                if part and part not in {key for key, _label in field_choices(entry)}:
                    raise PlanError(_("Point at a part of the returned entry, or at none."))
                entry.is_returned, entry.return_reason, entry.returned_field = True, reason, part
                entry.returned_snapshot = entry_state(entry)
                returned.append(entry)
            entry.save(update_fields=RETURN_FIELDS)
        report.status = YearlyReport.Status.RETURNED
        report.save(update_fields=["status"])
        summary = "\n".join(
            f"{entry.number} {entry.programme.title}: {entry.return_reason}" for entry in returned
        )
        _event(report, ReportEvent.Action.RETURNED, user, reason=summary)
        _notify("returned", report, returned=[entry.pk for entry in returned])
    return report


def report_approve(*, report: YearlyReport, user, version: int | None) -> YearlyReport:
    """Approve a submitted report: the year is locked."""
    if report.status != YearlyReport.Status.SUBMITTED:
        raise status_refusal(report)
    with transaction.atomic():
        claim_version(report, version)
        report.status = YearlyReport.Status.APPROVED
        report.approved_by, report.approved_at = user, timezone.now()
        report.save(update_fields=["status", "approved_by", "approved_at"])
        for entry in report.entries.filter(is_returned=True):
            _clear_return(entry)
            entry.save(update_fields=RETURN_FIELDS)
        _event(report, ReportEvent.Action.APPROVED, user)
        _notify("approved", report)
        if report.plan.is_public:
            news_services.announce("report", report.pk)  # e-news subscribers of the region
    return report


def report_reopen(*, report: YearlyReport, user, version: int | None, reason: str) -> YearlyReport:
    """Reopen an approved year for changes; the reason is recorded."""
    if report.status != YearlyReport.Status.APPROVED:
        raise PlanError(_("Only an approved report can be reopened."))
    reason = reason.strip()
    if not reason:
        raise PlanError(_("Say why the approved report is reopened."))
    with transaction.atomic():
        claim_version(report, version)
        report.status = YearlyReport.Status.DRAFT
        report.approved_by, report.approved_at = None, None
        report.save(update_fields=["status", "approved_by", "approved_at"])
        _event(report, ReportEvent.Action.REOPENED, user, reason=reason)
        _notify("reopened", report, reason=reason)
    return report


# Deadlines -----------------------------------------------------------------------------


def reminder_stage(due: datetime.date, day: datetime.date) -> int:
    """How far `day` is into a report's deadline: 0 before the reminders start, then one
    step 14, 7 and 1 day(s) before the due date, and one for each week overdue."""
    days_left = (due - day).days
    if days_left > REMINDER_WINDOW_DAYS:
        return 0
    if days_left > 7:
        return 1
    if days_left > 1:
        return 2
    if days_left >= 0:
        return 3
    return 4 + (-days_left - 1) // 7


@dataclass
class ReminderRun:
    sent: list[tuple[YearlyReport, int]] = field(default_factory=list)
    overdue: list[YearlyReport] = field(default_factory=list)
    not_opened: list[tuple[Plan, int, datetime.date]] = field(default_factory=list)


def reports_remind(*, today: datetime.date, dry_run: bool = False) -> ReminderRun:
    """Remind CSD staff of open reports nearing or past their due date, at most once per
    stage (so at most once a day, however often it runs), and list what is overdue."""
    run = ReminderRun()
    reports = list(
        YearlyReport.objects.filter(status__in=EDITABLE)
        .select_related("plan__region", "plan__municipality")
        .order_by("due_date", "plan__title")
    )
    completeness = selectors.completeness_by_report(reports)
    for report in reports:
        days_left = (report.due_date - today).days
        if days_left < 0:
            run.overdue.append(report)
        stage = reminder_stage(report.due_date, today)
        last = (
            reminder_stage(report.due_date, timezone.localdate(report.reminded_at))
            if report.reminded_at
            else 0
        )
        if stage == 0 or stage <= last:
            continue
        recipients = list(permissions.progress_filers_of(report.plan))
        if not recipients or dry_run:
            run.sent.append((report, 0 if dry_run else len(recipients)))
            continue
        with transaction.atomic():
            # Compare and set: of two runs at once, only one sends.
            claimed = YearlyReport.objects.filter(
                pk=report.pk, reminded_at=report.reminded_at
            ).update(reminded_at=_stamp(today))
            if claimed:
                missing = completeness.get(report.pk, selectors.Completeness()).problems
                _notify(
                    "reminder",
                    report,
                    recipients=[user.pk for user in recipients],
                    days_left=days_left,
                    missing=missing,
                )
                run.sent.append((report, len(recipients)))
    run.not_opened = _not_opened(today)
    return run


def _stamp(today: datetime.date) -> datetime.datetime:
    """Now; or, for a run acting as another day (--date), noon of that day."""
    if today == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(today, datetime.time(12)))


def _not_opened(today: datetime.date) -> list[tuple[Plan, int, datetime.date]]:
    """Years of confirmed plans whose report is due within the window or overdue, unopened."""
    plans = Plan.objects.filter(confirmed_on__isnull=False).order_by("title")
    opened = set(YearlyReport.objects.values_list("plan_id", "year"))
    horizon = today + datetime.timedelta(days=REMINDER_WINDOW_DAYS)
    missing = []
    for plan in plans:
        for year in plan.years:
            due = plan.report_due_date(year)
            if (plan.pk, year) not in opened and year <= today.year and due <= horizon:
                missing.append((plan, year, due))
    return missing
