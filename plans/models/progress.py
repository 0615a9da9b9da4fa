from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .content import FundingSource, Indicator, Programme
from .plan import Plan, Versioned


class YearlyReport(Versioned):
    """The yearly progress report (letno poročilo) of a plan: one per plan and year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for revision")
        APPROVED = "approved", _("Approved")

    plan = models.ForeignKey(
        Plan, models.CASCADE, related_name="yearly_reports", verbose_name=_("plan")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    due_date = models.DateField(_("due date"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminder sent at"), null=True, blank=True)

    class Meta:
        ordering = ["plan", "-year"]
        verbose_name = _("yearly report")
        verbose_name_plural = _("yearly reports")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year"], name="plans_yearlyreport_one_per_year"
            ),
            models.CheckConstraint(
                condition=~Q(status="approved")
                | (Q(approved_at__isnull=False) & Q(submitted_at__isnull=False)),
                name="plans_yearlyreport_approved_stamped",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="plans_yearlyreport_submitted_stamped",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} – {self.year}"

    @property
    def is_locked(self) -> bool:
        return self.status in {self.Status.SUBMITTED, self.Status.APPROVED}


class ReportEvent(models.Model):
    """One step of a yearly report's review loop, stamped with who and when."""

    class Action(models.TextChoices):
        OPENED = "opened", _("opened")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned for revision")
        APPROVED = "approved", _("approved")
        REOPENED = "reopened", _("reopened")

    report = models.ForeignKey(
        YearlyReport, models.CASCADE, related_name="events", verbose_name=_("yearly report")
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    user_name = models.CharField(_("by"), max_length=200, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["report", "created_at", "id"]
        verbose_name = _("report event")
        verbose_name_plural = _("report events")

    def __str__(self) -> str:
        return f"{self.report}: {self.get_action_display()}"


class ReportEntry(Versioned):
    """How one programme went in one year: one per yearly report and programme."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        REALISED = "realised", _("Realised")
        POSTPONED = "postponed", _("Postponed")
        ABANDONED = "abandoned", _("Abandoned")

    # Statuses that need an explanation.
    EXPLAINED_STATUSES = frozenset({Status.POSTPONED, Status.ABANDONED})

    report = models.ForeignKey(
        YearlyReport, models.CASCADE, related_name="entries", verbose_name=_("yearly report")
    )
    programme = models.ForeignKey(
        Programme, models.CASCADE, related_name="report_entries", verbose_name=_("programme")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, blank=True)
    achievements = models.TextField(_("what was done"), blank=True)
    obstacles = models.TextField(_("obstacles"), blank=True)
    explanation = models.TextField(
        _("explanation"),
        blank=True,
        help_text=_("Required when postponed or abandoned, or when a value misses its target."),
    )
    users_reached = models.PositiveIntegerField(_("users reached"), null=True, blank=True)
    is_returned = models.BooleanField(_("returned for revision"), default=False)
    return_reason = models.TextField(_("reason for return"), blank=True)
    returned_field = models.CharField(_("returned field"), max_length=50, blank=True)
    # The entry as it stood when it was returned, to show what changed since.
    returned_snapshot = models.JSONField(null=True, blank=True, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["report", "programme__position", "programme_id"]
        verbose_name = _("report entry")
        verbose_name_plural = _("report entries")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "programme"], name="plans_reportentry_one_per_programme"
            ),
            models.CheckConstraint(
                condition=Q(is_returned=False) | ~Q(return_reason=""),
                name="plans_reportentry_return_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report}: {self.programme}"


class EntryFunding(models.Model):
    """Funds used by a programme from one source in the report's year."""

    entry = models.ForeignKey(
        ReportEntry, models.CASCADE, related_name="funding", verbose_name=_("report entry")
    )
    source = models.CharField(_("funding source"), max_length=20, choices=FundingSource.choices)
    amount_used = models.DecimalField(_("funds used (EUR)"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["entry", "source"]
        verbose_name = _("funds used")
        verbose_name_plural = _("funds used")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "source"], name="plans_entryfunding_one_per_source"
            ),
            models.CheckConstraint(
                condition=Q(amount_used__gte=0), name="plans_entryfunding_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entry}: {self.get_source_display()} {self.amount_used}"


class IndicatorValue(models.Model):
    """The value an indicator achieved in the report's year (dosežena vrednost)."""

    entry = models.ForeignKey(
        ReportEntry, models.CASCADE, related_name="values", verbose_name=_("report entry")
    )
    indicator = models.ForeignKey(
        Indicator, models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    achieved_value = models.DecimalField(
        _("achieved value"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["entry", "indicator__position", "indicator_id"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "indicator"], name="plans_indicatorvalue_one_per_indicator"
            ),
            models.CheckConstraint(
                condition=Q(achieved_value__isnull=True) | Q(achieved_value__gte=0),
                name="plans_indicatorvalue_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.achieved_value}"


def evidence_path(instance: "EvidenceFile", filename: str) -> str:
    return f"evidence/{instance.entry.report.plan_id}/{instance.entry.report.year}/{filename}"


class EvidenceFile(models.Model):
    """A document proving what a report entry claims (PDF, image, office document)."""

    entry = models.ForeignKey(
        ReportEntry, models.CASCADE, related_name="evidence", verbose_name=_("report entry")
    )
    file = models.FileField(_("file"), upload_to=evidence_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["entry", "uploaded_at"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name
