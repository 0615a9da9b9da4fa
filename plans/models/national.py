from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NationalProgramme(models.Model):
    """A national social assistance programme (ReNPSV) that plans implement."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=50)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    gazette_reference = models.CharField(_("Official Gazette"), max_length=100, blank=True)

    class Meta:
        ordering = ["first_year"]
        verbose_name = _("national programme")
        verbose_name_plural = _("national programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=models.F("first_year")),
                name="plans_nationalprogramme_years_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name


class NationalGoal(models.Model):
    """A goal or an agreed priority of a national programme that programmes can serve."""

    class Kind(models.TextChoices):
        GOAL = "goal", _("goal")
        PRIORITY = "priority", _("priority for regional plans")

    national_programme = models.ForeignKey(
        NationalProgramme,
        models.CASCADE,
        related_name="goals",
        verbose_name=_("national programme"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.GOAL)
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    is_summary = models.BooleanField(
        _("summarised wording"),
        default=False,
        help_text=_("The wording is a summary, not the text of the resolution."),
    )

    class Meta:
        ordering = ["national_programme__first_year", "kind", "number"]
        verbose_name = _("national goal")
        verbose_name_plural = _("national goals")
        constraints = [
            models.UniqueConstraint(
                fields=["national_programme", "kind", "number"],
                name="plans_nationalgoal_unique_number",
            ),
        ]

    def __str__(self) -> str:
        kind = self.get_kind_display()
        return f"{self.national_programme.short_name}, {kind} {self.number}: {self.title}"


class NationalTarget(models.Model):
    """A quantified target of a national programme (e.g. home help for 3.5 % of people 65+)."""

    national_programme = models.ForeignKey(
        NationalProgramme,
        models.CASCADE,
        related_name="targets",
        verbose_name=_("national programme"),
    )
    goal = models.ForeignKey(
        NationalGoal,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("goal"),
    )
    description = models.CharField(_("target"), max_length=300)
    unit = models.CharField(_("unit"), max_length=50)
    target_value = models.DecimalField(_("target value"), max_digits=14, decimal_places=2)
    target_year = models.PositiveSmallIntegerField(_("target year"))
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)

    class Meta:
        ordering = ["national_programme__first_year", "id"]
        verbose_name = _("national target")
        verbose_name_plural = _("national targets")

    def __str__(self) -> str:
        return f"{self.description}: {self.target_value} {self.unit} ({self.target_year})"
