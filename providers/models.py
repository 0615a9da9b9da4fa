from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from municipalities.models import Municipality
from rin_portal.text import slovenian_sort_key


class Provider(models.Model):
    """A body that carries out or coordinates social care (izvajalec)."""

    class Kind(models.TextChoices):
        CSD = "csd", _("Social work centre (CSD)")
        CSD_UNIT = "csd_unit", _("CSD unit")
        VDC = "vdc", _("Sheltered work centre (VDC)")
        CUDV = "cudv", _("Training, work and care centre (CUDV)")
        ELDERLY_HOME = "elderly_home", _("Home for the elderly")
        NGO = "ngo", _("Non-governmental organisation")
        MUNICIPALITY = "municipality", _("Municipality")
        DEVELOPMENT_AGENCY = "development_agency", _("Regional development agency")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    former_name = models.CharField(
        _("former name"),
        max_length=200,
        blank=True,
        help_text=_("For CSD units: the independent CSD this unit was before 1 October 2018."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        verbose_name=_("belongs to"),
    )
    seat = models.ForeignKey(
        Municipality,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="providers_seated",
        verbose_name=_("seat municipality"),
    )
    municipalities_served = models.ManyToManyField(
        Municipality, blank=True, related_name="providers", verbose_name=_("municipalities served")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    data_note = models.CharField(
        _("note on the data"),
        max_length=500,
        blank=True,
        help_text=_("Where the reference data is uncertain, and why."),
    )
    sort_name = models.CharField(max_length=300, editable=False, db_index=True)

    class Meta:
        ordering = ["sort_name"]
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="csd_unit") | Q(parent__isnull=False),
                name="providers_provider_unit_has_parent",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="providers_provider_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def save(self, *args, **kwargs):
        # Sorted by the name lists show (str()): "DU Kranj" after "Društvo DZG", as read.
        self.sort_name = slovenian_sort_key(str(self))
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        if self.former_name:
            return f"{self.name} ({self.former_name})"
        return self.name
