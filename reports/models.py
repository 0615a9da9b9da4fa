from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from municipalities.models import Region
from plans.models import Plan, YearlyReport


def document_path(instance: "Document", filename: str) -> str:
    return f"documents/{instance.kind}/{instance.fingerprint[:2]}/{filename}"


class Document(models.Model):
    """A rendered PDF or XLSX document, stored with the data it was made from.

    The fingerprint is the sha256 of that data together with the kind, format,
    audience, language and the version of the templates and stylesheet. Asking for
    the same fingerprint again returns this row and its identical bytes; any change
    to the data makes a new row with the next version number of its series.
    """

    class Kind(models.TextChoices):
        PLAN = "plan", _("Regional implementation plan")
        STRATEGY = "strategy", _("Municipal strategy")
        YEARLY = "yearly", _("Yearly monitoring report")
        NATIONAL = "national", _("National overview")

    class Format(models.TextChoices):
        PDF = "pdf", _("PDF (accessible, PDF/UA-1)")
        PDF_A = "pdf_a", _("PDF for archiving (PDF/A-3b with data)")
        XLSX = "xlsx", _("Spreadsheet (XLSX)")

    class Audience(models.TextChoices):
        # What a document shows depends on who may read it: the public text of a plan
        # and its approved reports, or the working text seen within the plan's scope.
        PUBLIC = "public", _("public text")
        WORKING = "working", _("working text")
        NATIONAL = "national", _("national reviewers")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RENDERING = "rendering", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    format = models.CharField(_("format"), max_length=5, choices=Format.choices)
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices)
    # A plan's document: the plan's status when its text was taken (a draft, a draft in
    # public consultation, an amendment in preparation, …), which its label says. Kept
    # apart from `data` so that lists need not read what was rendered.
    text_status = models.CharField(
        _("status of the text"),
        max_length=15,
        choices=Plan.Status.choices,
        blank=True,
        editable=False,
    )
    plan = models.ForeignKey(
        Plan,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("plan"),
    )
    report = models.ForeignKey(
        YearlyReport,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("yearly report"),
    )
    region = models.ForeignKey(
        Region,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("region"),
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=400)
    language = models.CharField(_("language"), max_length=10)
    # Documents of one series (same kind, target, audience and format) are numbered 1, 2, …
    series = models.CharField(_("series"), max_length=100, editable=False)
    version = models.PositiveIntegerField(_("version"))
    fingerprint = models.CharField(_("fingerprint"), max_length=64, unique=True)
    data = models.JSONField(_("data"), editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(_("file"), upload_to=document_path, blank=True)
    file_sha256 = models.CharField(_("file checksum (sha256)"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    render_seconds = models.FloatField(_("render time (s)"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "version"], name="reports_document_one_per_version"
            ),
            models.CheckConstraint(
                condition=Q(kind="national", plan__isnull=True)
                | (~Q(kind="national") & Q(plan__isnull=False)),
                name="reports_document_plan_unless_national",
            ),
            models.CheckConstraint(
                condition=(Q(kind="yearly") & Q(report__isnull=False) & Q(year__isnull=False))
                | (~Q(kind="yearly") & Q(report__isnull=True)),
                name="reports_document_report_when_yearly",
            ),
            models.CheckConstraint(
                condition=~Q(format="xlsx") | Q(kind__in=["yearly", "national"]),
                name="reports_document_xlsx_for_tables",
            ),
            models.CheckConstraint(
                condition=~Q(status="ready") | ~Q(file=""),
                name="reports_document_ready_has_file",
            ),
        ]
        indexes = [models.Index(fields=["series", "-version"], name="reports_document_series")]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_format_display()}, v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("reports:status", args=[self.pk])

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.READY, self.Status.FAILED}

    @property
    def extension(self) -> str:
        return "xlsx" if self.format == self.Format.XLSX else "pdf"

    @property
    def content_type(self) -> str:
        if self.format == self.Format.XLSX:
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return "application/pdf"

    @property
    def download_name(self) -> str:
        target = self.plan.slug if self.plan_id else "nacionalni-pregled"
        year = f"-{self.year}" if self.year else ""
        archival = "-pdfa" if self.format == self.Format.PDF_A else ""
        return f"{target}{year}{archival}-v{self.version}.{self.extension}"
