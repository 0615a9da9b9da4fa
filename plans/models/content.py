from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from municipalities.models import Municipality
from providers.models import Provider
from rin_portal.formatting import format_amount

from .national import NationalGoal
from .plan import Plan, Versioned


class Area(Versioned):
    """An area where needs stay unmet (področje)."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="areas", verbose_name=_("plan"))
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    unmet_needs = models.TextField(_("unmet needs"), blank=True)

    class Meta:
        ordering = ["plan", "position", "id"]
        verbose_name = _("area of unmet need")
        verbose_name_plural = _("areas of unmet need")

    def __str__(self) -> str:
        return self.title


class Goal(Versioned):
    """A goal of the plan within an area (cilj)."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="goals", verbose_name=_("plan"))
    area = models.ForeignKey(Area, models.CASCADE, related_name="goals", verbose_name=_("area"))
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["plan", "position", "id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.title


class Programme(Versioned):
    """A priority programme of a RIN, or a measure (ukrep) of a municipal strategy."""

    plan = models.ForeignKey(
        Plan, models.CASCADE, related_name="programmes", verbose_name=_("plan")
    )
    area = models.ForeignKey(
        Area, models.PROTECT, related_name="programmes", verbose_name=_("area")
    )
    goal = models.ForeignKey(
        Goal,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name=_("goal"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    target_groups = models.CharField(_("target groups"), max_length=500, blank=True)
    lead = models.ForeignKey(
        Provider,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="led_programmes",
        verbose_name=_("lead body"),
    )
    implementers = models.ManyToManyField(
        Provider, blank=True, related_name="implemented_programmes", verbose_name=_("implementers")
    )
    municipalities = models.ManyToManyField(
        Municipality,
        blank=True,
        related_name="programmes",
        verbose_name=_("municipalities covered"),
    )
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    national_goals = models.ManyToManyField(
        NationalGoal, blank=True, related_name="programmes", verbose_name=_("national goals served")
    )
    is_example = models.BooleanField(_("example content"), default=False)

    class Meta:
        ordering = ["plan", "position", "id"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=models.F("first_year")),
                name="plans_programme_years_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:programme", args=[self.plan.slug, self.pk])

    def is_active_in(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year


class Activity(Versioned):
    """An activity of a programme (aktivnost)."""

    programme = models.ForeignKey(
        Programme, models.CASCADE, related_name="activities", verbose_name=_("programme")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    description = models.CharField(_("activity"), max_length=1000)
    timeframe = models.CharField(_("timeframe"), max_length=100, blank=True)

    class Meta:
        ordering = ["programme", "position", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.description[:80]


class FundingSource(models.TextChoices):
    MINISTRY = "ministry", _("Ministry (MDDSZ)")
    MUNICIPALITIES = "municipalities", _("Municipalities")
    EU_FUNDS = "eu_funds", _("EU funds")
    HEALTH_INSURANCE = "health_insurance", _("Health insurance (ZZZS)")
    USERS = "users", _("Users' contributions")
    OWN = "own", _("Provider's own funds")
    DONATIONS = "donations", _("Donations and sponsorships")
    OTHER = "other", _("Other")

    @classmethod
    def sort_key(cls, source: str) -> int:
        """Sources in the order above, in every table and document (their codes sort
        neither as declared nor as their names read in Slovenian); unknown ones last."""
        values = cls.values
        return values.index(source) if source in values else len(values)


class FundingLine(Versioned):
    """Planned funding of a programme from one source in one year."""

    programme = models.ForeignKey(
        Programme, models.CASCADE, related_name="funding_lines", verbose_name=_("programme")
    )
    source = models.CharField(_("funding source"), max_length=20, choices=FundingSource.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    planned_amount = models.DecimalField(_("planned amount (EUR)"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["programme", "year", "source"]
        verbose_name = _("funding line")
        verbose_name_plural = _("funding lines")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "source", "year"], name="plans_fundingline_unique_source_year"
            ),
            models.CheckConstraint(
                condition=Q(planned_amount__gte=0), name="plans_fundingline_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        amount = format_amount(self.planned_amount)  # 15.000 in Slovenian, not 15000.00
        return f"{self.get_source_display()} {self.year}: {amount} EUR"


class Indicator(Versioned):
    """A measurable indicator of a programme (kazalnik) with baseline and target."""

    class Unit(models.TextChoices):
        COUNT = "count", _("number")
        PERSONS = "persons", _("persons")
        PERCENT = "percent", _("percent")
        EUR = "eur", _("euro")
        HOURS = "hours", _("hours")
        OTHER = "other", _("other unit")

    class Direction(models.TextChoices):
        INCREASE = "increase", _("increase")
        DECREASE = "decrease", _("decrease")
        MAINTAIN = "maintain", _("maintain")

    # Units whose values are whole numbers.
    WHOLE_UNITS = frozenset({Unit.COUNT, Unit.PERSONS})

    programme = models.ForeignKey(
        Programme, models.CASCADE, related_name="indicators", verbose_name=_("programme")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    name = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    unit_label = models.CharField(
        _("unit name"), max_length=50, blank=True, help_text=_("Required for 'other unit'.")
    )
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    target_value = models.DecimalField(_("target value"), max_digits=14, decimal_places=2)
    target_year = models.PositiveSmallIntegerField(_("target year"))
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )

    class Meta:
        ordering = ["programme", "position", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=~Q(unit="other") | ~Q(unit_label=""),
                name="plans_indicator_other_unit_named",
            ),
            models.CheckConstraint(
                condition=~Q(unit="percent")
                | (
                    Q(target_value__gte=0)
                    & Q(target_value__lte=100)
                    & (
                        Q(baseline_value__isnull=True)
                        | (Q(baseline_value__gte=0) & Q(baseline_value__lte=100))
                    )
                ),
                name="plans_indicator_percent_in_range",
            ),
            models.CheckConstraint(
                condition=Q(baseline_year__isnull=True)
                | Q(baseline_year__lte=models.F("target_year")),
                name="plans_indicator_baseline_before_target",
            ),
            models.CheckConstraint(
                condition=(Q(baseline_value__isnull=True) & Q(baseline_year__isnull=True))
                | (Q(baseline_value__isnull=False) & Q(baseline_year__isnull=False)),
                name="plans_indicator_baseline_value_and_year",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def unit_display(self) -> str:
        return self.unit_shown(self.unit, self.unit_label)

    @classmethod
    def unit_shown(cls, unit: str, unit_label: str = "") -> str:
        """The unit as pages and documents show it beside values: "%" and "EUR" as
        symbols, the others by their name, "other unit" by the name given."""
        if unit == cls.Unit.OTHER:
            return unit_label
        if unit == cls.Unit.PERCENT:
            return "%"
        if unit == cls.Unit.EUR:
            return "EUR"
        try:
            return str(cls.Unit(unit).label)
        except ValueError:
            return unit

    @property
    def is_whole(self) -> bool:
        return self.unit in self.WHOLE_UNITS

    def misses(self, value: Decimal, target: Decimal) -> bool:
        """True when an achieved value falls short of a target in this indicator's direction."""
        if self.direction == self.Direction.DECREASE:
            return value > target
        return value < target


class IndicatorYearTarget(models.Model):
    """An optional target value of an indicator for one year of the plan."""

    indicator = models.ForeignKey(
        Indicator, models.CASCADE, related_name="year_targets", verbose_name=_("indicator")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("target value"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = _("yearly target")
        verbose_name_plural = _("yearly targets")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"], name="plans_indicatoryeartarget_one_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.value}"
