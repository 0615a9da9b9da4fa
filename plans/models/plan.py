import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from municipalities.models import Municipality, Region
from providers.models import Provider

from .national import NationalProgramme


class Versioned(models.Model):
    """A row edited by several people: every save raises the version it was loaded at.

    Services compare the version an edit form carried with the stored one, so a
    save over a colleague's newer edit becomes a conflict instead of a silent
    overwrite (see plans/services/versioning.py).
    """

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class Plan(Versioned):
    """A regional implementation plan (RIN) or a municipal social-care strategy."""

    class Kind(models.TextChoices):
        RIN = "rin", _("Regional implementation plan")
        STRATEGY = "strategy", _("Municipal strategy")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONSULTATION = "consultation", _("Public consultation")
        CONFIRMED = "confirmed", _("Confirmed")
        AMENDMENT = "amendment", _("Amendment in preparation")
        CLOSED = "closed", _("Closed")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("address"), max_length=120, unique=True)
    summary = models.TextField(_("summary"), blank=True)
    region = models.ForeignKey(
        Region,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("region"),
    )
    municipality = models.ForeignKey(
        Municipality,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("municipality"),
    )
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.DRAFT
    )
    coordinator = models.ForeignKey(
        Provider,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinated_plans",
        verbose_name=_("coordinating provider"),
    )
    predecessor = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("predecessor plan"),
    )
    national_programme = models.ForeignKey(
        NationalProgramme,
        models.PROTECT,
        related_name="plans",
        verbose_name=_("national programme"),
    )
    confirmed_on = models.DateField(_("confirmed or adopted on"), null=True, blank=True)
    confirmed_by = models.CharField(
        _("confirmed or adopted by"),
        max_length=200,
        blank=True,
        help_text=_("The body that confirmed or adopted the plan."),
    )
    confirmation_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmation recorded by"),
    )
    confirmation_recorded_at = models.DateTimeField(
        _("confirmation recorded at"), null=True, blank=True
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # The public consultation, as the group started it: comments are taken until the end
    # of its last day, at its address. Empty for a consultation the admin set.
    consultation_started_on = models.DateField(
        _("public consultation started on"), null=True, blank=True
    )
    consultation_ends_on = models.DateField(
        _("last day for comments"),
        null=True,
        blank=True,
        help_text=_(
            "The public page says until when comments are taken; after this day it says "
            "that the consultation has ended."
        ),
    )
    consultation_email = models.EmailField(
        _("e-mail address for comments"),
        blank=True,
        help_text=_("Shown with the draft on its public page: comments are sent there."),
    )
    report_due_month = models.PositiveSmallIntegerField(_("yearly report due: month"), default=3)
    report_due_day = models.PositiveSmallIntegerField(_("yearly report due: day"), default=31)
    is_example = models.BooleanField(
        _("example content"),
        default=False,
        help_text=_("Demonstration content, not the text of a real plan."),
    )
    # Raised by every change to the plan or anything in it: the key of cached pages.
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-first_year", "title"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.CheckConstraint(
                condition=(Q(region__isnull=False) & Q(municipality__isnull=True))
                | (Q(region__isnull=True) & Q(municipality__isnull=False)),
                name="plans_plan_exactly_one_scope",
            ),
            models.CheckConstraint(
                condition=(Q(kind="rin") & Q(region__isnull=False))
                | (Q(kind="strategy") & Q(municipality__isnull=False)),
                name="plans_plan_kind_matches_scope",
            ),
            models.CheckConstraint(
                condition=Q(last_year__gte=models.F("first_year")),
                name="plans_plan_years_ordered",
            ),
            models.CheckConstraint(
                condition=Q(first_year__gte=2000) & Q(last_year__lte=2100),
                name="plans_plan_years_range",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "consultation"]) | Q(confirmed_on__isnull=False),
                name="plans_plan_confirmed_has_date",
            ),
            models.CheckConstraint(
                condition=Q(report_due_month__gte=1)
                & Q(report_due_month__lte=12)
                & Q(report_due_day__gte=1)
                & Q(report_due_day__lte=31),
                name="plans_plan_report_due_valid",
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("id")), name="plans_plan_not_own_predecessor"
            ),
            models.CheckConstraint(
                condition=Q(consultation_started_on__isnull=True)
                | Q(consultation_ends_on__isnull=True)
                | Q(consultation_ends_on__gte=models.F("consultation_started_on")),
                name="plans_plan_consultation_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:detail", args=[self.slug])

    def clean(self):
        """The yearly report's due day must be a day of its month (not 31 February), and
        a consultation's last day for comments not before its start, in the portal's
        forms and in the admin alike. (Out-of-range numbers are the fields' own errors.)"""
        super().clean()
        errors = {}
        month, day = self.report_due_month, self.report_due_day
        if month is not None and day is not None and 1 <= month <= 12 and 1 <= day <= 31:
            try:
                datetime.date(2001, month, day)
            except ValueError:
                errors["report_due_day"] = _("There is no such day in that month.")
        if self.consultation_ends_on is not None:
            from plans.validation import consultation_end_error

            error = consultation_end_error(
                self.consultation_ends_on,
                started_on=self.consultation_started_on,
                today=timezone.localdate(),
            )
            if error:
                errors["consultation_ends_on"] = error
        if errors:
            raise ValidationError(errors)

    @property
    def scope(self) -> Region | Municipality:
        return self.region or self.municipality

    @property
    def scope_region(self) -> Region:
        """The region the plan belongs to, also for a municipal strategy."""
        return self.region or self.municipality.region

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)

    @property
    def last_reported_year(self) -> int:
        """The last year reported on: the period's last, or the year a closed plan was
        closed in if earlier. Monitoring ends with the plan, but the year it closed in
        (at the end of its period: its last year) is still reported, after the closing."""
        if self.status == self.Status.CLOSED and self.closed_on:
            return min(self.last_year, self.closed_on.year)
        return self.last_year

    @property
    def is_public(self) -> bool:
        """Confirmed or adopted at least once: its confirmed text (under amendment: the
        text confirmed last) and its approved yearly reports are public."""
        return self.confirmed_on is not None

    @property
    def is_in_consultation(self) -> bool:
        """A draft put to public consultation: the public reads it, and is invited to
        comment, before it is confirmed or adopted."""
        return self.status == self.Status.CONSULTATION

    @property
    def consultation_has_ended(self) -> bool:
        """In public consultation past its last day for comments: the draft stays public
        until the group confirms it (adopts it) or takes it back."""
        ends_on = self.consultation_ends_on
        return self.is_in_consultation and ends_on is not None and ends_on < timezone.localdate()

    @property
    def is_readable_by_public(self) -> bool:
        """Its text can be read without signing in: confirmed or adopted at least once,
        or a draft in public consultation (`permissions.public_plans_q` in a query)."""
        return self.is_public or self.is_in_consultation

    @property
    def is_content_editable(self) -> bool:
        return self.status in {self.Status.DRAFT, self.Status.CONSULTATION, self.Status.AMENDMENT}

    @property
    def status_label(self) -> str:
        return plan_status_label(self.kind, self.status)

    def report_due_date(self, year: int) -> datetime.date:
        """The day the yearly report on `year` is due (default 31 March of the next year)."""
        month, day = self.report_due_month, self.report_due_day
        while True:
            try:
                return datetime.date(year + 1, month, day)
            except ValueError:  # e.g. 30 February: fall back to the month's last day
                day -= 1


def plan_status_label(kind: str, status: str) -> str:
    """A plan's status as said of it: a regional plan is confirmed, a municipal strategy
    adopted; and a strategy (strategija, feminine in Slovenian) is closed in its own
    word ("Zaključena")."""
    if kind == Plan.Kind.STRATEGY:
        if status == Plan.Status.CONFIRMED:
            return str(_("Adopted"))
        if status == Plan.Status.CLOSED:
            return pgettext("strategy", "Closed")
    from rin_portal.choices import label

    return label("plan_status", status)


class Chapter(Versioned):
    """An ordered narrative chapter of a plan (Markdown, sanitised when shown)."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="chapters", verbose_name=_("plan"))
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["plan", "position", "id"]
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")

    def __str__(self) -> str:
        return self.title


class GroupMember(Versioned):
    """A member of the coordination group (RIN) or the working group (strategy)."""

    class Represents(models.TextChoices):
        LOCAL_COMMUNITY = "local_community", _("Local community")
        PUBLIC_PROVIDER = "public_provider", _("Public provider")
        NGO = "ngo", _("Non-governmental organisation")
        USERS = "users", _("Service users")
        DEVELOPMENT_AGENCY = "development_agency", _("Regional development agency")
        OTHER = "other", _("Other")

    plan = models.ForeignKey(
        Plan, models.CASCADE, related_name="group_members", verbose_name=_("plan")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    person_name = models.CharField(_("name and surname"), max_length=200)
    function = models.CharField(_("function in the group"), max_length=100, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200)
    provider = models.ForeignKey(
        Provider,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="group_memberships",
        verbose_name=_("provider"),
    )
    represents = models.CharField(_("represents"), max_length=20, choices=Represents.choices)

    class Meta:
        ordering = ["plan", "position", "id"]
        verbose_name = _("group member")
        verbose_name_plural = _("group members")

    def __str__(self) -> str:
        return f"{self.person_name} ({self.organisation})"
