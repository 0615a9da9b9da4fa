from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .content import Programme
from .plan import Plan
from .progress import YearlyReport


class ChangeReason(models.TextChoices):
    BUDGET_CHANGE = "budget_change", _("Budget change")
    CHANGED_NEEDS = "changed_needs", _("Changed needs")
    IMPLEMENTATION_DELAY = "implementation_delay", _("Implementation delay")
    ERROR_CORRECTION = "error_correction", _("Error correction")
    OTHER = "other", _("Other")


class ChangeRecord(models.Model):
    """Who changed what in a plan or a yearly report, when, and why: before → after."""

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        UPDATED = "updated", _("changed")
        DELETED = "deleted", _("deleted")
        REORDERED = "reordered", _("reordered")
        STATUS = "status", _("status changed")

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="changes", verbose_name=_("plan"))
    programme = models.ForeignKey(
        Programme,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("programme"),
    )
    report = models.ForeignKey(
        YearlyReport,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("yearly report"),
    )
    entity = models.CharField(_("what"), max_length=50)
    object_id = models.PositiveBigIntegerField(_("object id"), null=True, blank=True)
    object_label = models.CharField(_("object"), max_length=300)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    # {field name: {"label": ..., "before": ..., "after": ...}}, values as display text.
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    reason = models.CharField(_("reason"), max_length=25, choices=ChangeReason.choices, blank=True)
    reason_text = models.TextField(_("reason (details)"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    user_name = models.CharField(_("by"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("change")
        verbose_name_plural = _("history of changes")
        indexes = [models.Index(fields=["plan", "-created_at"], name="plans_change_plan_recent")]

    def __str__(self) -> str:
        return f"{self.object_label}: {self.get_action_display()}"


class PlanSnapshot(models.Model):
    """The whole plan as it stood when it was confirmed, adopted or amended."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="snapshots", verbose_name=_("plan"))
    label = models.CharField(_("label"), max_length=200)
    data = models.JSONField(_("content"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["plan", "-created_at", "-id"]
        verbose_name = _("plan snapshot")
        verbose_name_plural = _("plan snapshots")

    def __str__(self) -> str:
        return f"{self.plan}: {self.label}"
