from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from municipalities.models import Municipality, Region


class Role(models.Model):
    """A role a user holds in a scope. A user may hold several.

    Only `rin_portal/permissions.py` reads roles to decide what a user may do.
    """

    class Kind(models.TextChoices):
        GROUP_MEMBER = "group_member", _("Coordination-group member")
        CSD_STAFF = "csd_staff", _("Coordinating CSD staff")
        REVIEWER = "reviewer", _("Ministry reviewer")
        ADMINISTRATOR = "administrator", _("Administrator")

    # Roles that act within one region or one municipality.
    SCOPED_KINDS = frozenset({Kind.GROUP_MEMBER, Kind.CSD_STAFF})

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="roles", verbose_name=_("user")
    )
    kind = models.CharField(_("role"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        Region,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("region"),
    )
    municipality = models.ForeignKey(
        Municipality,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("municipality"),
        help_text=_("For the working group of a municipal strategy."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["user__username", "kind"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind__in=["group_member", "csd_staff"])
                    & (
                        (Q(region__isnull=False) & Q(municipality__isnull=True))
                        | (Q(region__isnull=True) & Q(municipality__isnull=False))
                    )
                )
                | (
                    Q(kind__in=["reviewer", "administrator"])
                    & Q(region__isnull=True)
                    & Q(municipality__isnull=True)
                ),
                name="rin_portal_role_scope_matches_kind",
                violation_error_message=_(
                    "A group member or CSD staff member has a region or a municipality (one "
                    "of them); a reviewer or an administrator has neither."
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "region"],
                condition=Q(region__isnull=False),
                name="rin_portal_role_unique_region",
                violation_error_message=_("The user already has this role in this region."),
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "municipality"],
                condition=Q(municipality__isnull=False),
                name="rin_portal_role_unique_municipality",
                violation_error_message=_("The user already has this role in this municipality."),
            ),
            models.UniqueConstraint(
                fields=["user", "kind"],
                condition=Q(region__isnull=True) & Q(municipality__isnull=True),
                name="rin_portal_role_unique_national",
                violation_error_message=_("The user already has this role."),
            ),
        ]

    def __str__(self) -> str:
        scope = self.region or self.municipality
        label = self.get_kind_display()
        return f"{self.user}: {label} ({scope})" if scope else f"{self.user}: {label}"


class SecurityEvent(models.Model):
    """A security-relevant event: sign-in, failed sign-in, lockout, role change, download."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("signed in")
        LOGOUT = "logout", _("signed out")
        LOGIN_FAILED = "login_failed", _("failed sign-in")
        LOCKOUT = "lockout", _("locked out")
        ROLE_CHANGED = "role_changed", _("role changed")
        PASSWORD_CHANGED = "password_changed", _("password changed")
        EXPORT = "export", _("export")
        DOWNLOAD = "download", _("download")

    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    # What happened, as a code and its values (names, not words), put into words in the
    # reader's language when shown (security.describe). `detail` holds what is no words
    # (a file's name), and the English text of events logged before codes.
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    detail_code = models.CharField(max_length=30, blank=True)
    detail_params = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        indexes = [
            models.Index(
                fields=["kind", "username", "created_at"], name="rin_security_user_recent"
            ),
            models.Index(
                fields=["kind", "ip_address", "created_at"], name="rin_security_ip_recent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.username}"


class ContentGeneration(models.Model):
    """Row 1: a random number, replaced after every committed change of the portal's data.
    Rows 2, 3 and 4: the same for changes of users and their roles, of the reference
    data, and of what plans say, only.

    Whole pages are cached under the first, signed-in users under the second, the
    reference data under the third and plans' drawn texts under the fourth and third
    (`rin_portal/generation.py`), so no edit is ever served stale. Random rather than
    counting: a restored backup or a flushed table can never bring back a number that
    keys pages of other data.
    """

    value = models.BigIntegerField(_("value"))

    class Meta:
        verbose_name = _("content generation")
        verbose_name_plural = _("content generation")

    def __str__(self) -> str:
        return str(self.value)
