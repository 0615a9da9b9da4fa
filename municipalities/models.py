from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rin_portal.text import slovenian_sort_key


class Region(models.Model):
    """A statistical region (statistična regija); there are 12."""

    code = models.PositiveSmallIntegerField(_("official code"), unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    nuts3 = models.CharField(_("NUTS-3 code"), max_length=5, unique=True)
    former_name = models.CharField(_("former name"), max_length=200, blank=True)
    slug = models.SlugField(_("address"), max_length=100, unique=True)
    sort_name = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        ordering = ["sort_name"]
        verbose_name = _("statistical region")
        verbose_name_plural = _("statistical regions")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__gte=1) & Q(code__lte=99), name="municipalities_region_code_range"
            ),
            models.CheckConstraint(
                condition=Q(nuts3__regex=r"^SI0[0-9]{2}$"),
                name="municipalities_region_nuts3_format",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # The sort key is derived data, kept in the row so that SQL can order by it.
        self.sort_name = slovenian_sort_key(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("public:region", args=[self.slug])


class AdministrativeUnit(models.Model):
    """An administrative unit (upravna enota); there are 58."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    sort_name = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        ordering = ["sort_name"]
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.sort_name = slovenian_sort_key(self.name)
        super().save(*args, **kwargs)


class Municipality(models.Model):
    """A municipality (občina); matched on its official code, never on the name."""

    code = models.PositiveSmallIntegerField(_("official code"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    official_title = models.CharField(_("official title"), max_length=150, blank=True)
    name_bilingual = models.CharField(_("bilingual name"), max_length=150, blank=True)
    is_urban = models.BooleanField(_("urban municipality"), default=False)
    region = models.ForeignKey(
        Region, models.PROTECT, related_name="municipalities", verbose_name=_("region")
    )
    administrative_unit = models.ForeignKey(
        AdministrativeUnit,
        models.PROTECT,
        related_name="municipalities",
        verbose_name=_("administrative unit"),
    )
    slug = models.SlugField(_("address"), max_length=100, unique=True)
    sort_name = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        ordering = ["sort_name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__gte=1) & Q(code__lte=999),
                name="municipalities_municipality_code_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.sort_name = slovenian_sort_key(self.name)
        super().save(*args, **kwargs)


class Population(models.Model):
    """Population of a municipality on 1 January of a year."""

    municipality = models.ForeignKey(
        Municipality, models.CASCADE, related_name="populations", verbose_name=_("municipality")
    )
    year = models.PositiveSmallIntegerField(_("year (1 January)"))
    total = models.PositiveIntegerField(_("population"))
    aged_65_plus = models.PositiveIntegerField(_("people aged 65+"), null=True, blank=True)

    class Meta:
        ordering = ["municipality__sort_name", "year"]
        verbose_name = _("population")
        verbose_name_plural = _("population")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year"], name="municipalities_population_one_per_year"
            ),
            models.CheckConstraint(
                condition=Q(aged_65_plus__isnull=True) | Q(aged_65_plus__lte=models.F("total")),
                name="municipalities_population_65_within_total",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1991) & Q(year__lte=2100),
                name="municipalities_population_year_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}: {self.total}"
