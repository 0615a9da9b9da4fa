"""Creating, changing, deleting and reordering the parts of a plan.

Every write here: refuses when the plan's status does not allow editing, claims the
version the editor loaded (no lost update), asks for a reason when a confirmed plan's
target, baseline or amount changes, records before → after in the history, and
raises the plan's revision (which keys its cached pages).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Max
from django.utils import translation
from django.utils.translation import gettext as _

from plans.kinds import Kind, by_kind
from plans.models import ChangeRecord, IndicatorYearTarget, Plan, Programme
from plans.progress import services as progress_services
from rin_portal.formatting import format_number

from .errors import EditConflict, PlanError, ReasonRequired
from .history import describe, diff, record_change
from .versioning import claim_version


class OrderChanged(PlanError):
    """The order the user saw is no longer the stored one; nothing was moved."""


def locked_reason(plan: Plan) -> str | None:
    """Why the plan and its parts cannot be changed now, or None when they can."""
    if plan.status == Plan.Status.CONFIRMED:
        return by_kind(
            plan,
            _("The plan is confirmed and can be read only. Start an amendment to change it."),
            _("The strategy is adopted and can be read only. Start an amendment to change it."),
        )
    if plan.status == Plan.Status.CLOSED:
        return by_kind(
            plan,
            _("The plan is closed and can no longer be changed."),
            _("The strategy is closed and can no longer be changed."),
        )
    return None


def ensure_editable(plan: Plan) -> None:
    if (reason := locked_reason(plan)) is not None:
        raise PlanError(reason)


def _lock_editable(plan: Plan) -> None:
    """Within the caller's transaction: the plan's row locked and still editable. A
    confirmation (which claims that row) then waits for this change and keeps it in its
    snapshot, or this change waits for the confirmation and is refused; without the lock
    a change could land just after the snapshot, in a confirmed plan."""
    ensure_editable(Plan.objects.select_for_update().only("status", "kind").get(pk=plan.pk))


def bump_revision(plan: Plan) -> None:
    Plan.objects.filter(pk=plan.pk).update(revision=F("revision") + 1)


def year_targets_text(targets: dict) -> str:
    """An indicator's yearly targets ({year: value or None}) as display text, in the
    portal's main language as `describe` writes the other fields: the history keeps it,
    and a target saved from the English pages must not read "1,400" to everyone else."""
    with translation.override(settings.LANGUAGE_CODE):
        return "; ".join(
            f"{year}: {format_number(value)}"
            for year, value in sorted(targets.items())
            if value is not None
        )


def _year_targets(obj: models.Model) -> str:
    # A fresh query, not a prefetched list: called again after the targets are saved.
    return year_targets_text({t.year: t.value for t in obj.year_targets.order_by("year")})


def describe_content(kind: Kind, obj: models.Model) -> dict[str, str]:
    values = describe(obj, list(kind.fields))
    if kind.key == "indicator":
        values["year_targets"] = _year_targets(obj) if obj.pk else ""
    return values


def _check_reason(plan: Plan, kind: Kind, changes: dict, reason: str) -> None:
    if plan.confirmed_on and not reason and set(changes) & kind.reasoned_fields:
        raise ReasonRequired(
            by_kind(
                plan,
                _("The plan was confirmed: say why the target, baseline or amount changes."),
                _("The strategy was adopted: say why the target, baseline or amount changes."),
            )
        )


def _apply(kind: Kind, obj: models.Model, data: dict) -> dict[str, list]:
    many = {}
    for name in kind.fields:
        if name not in data:
            continue
        if obj._meta.get_field(name).many_to_many:
            many[name] = list(data[name])
        else:
            setattr(obj, name, data[name])
    return many


def _save_year_targets(indicator, targets: dict) -> None:
    for year, value in targets.items():
        if value is None:
            IndicatorYearTarget.objects.filter(indicator=indicator, year=year).delete()
        else:
            IndicatorYearTarget.objects.update_or_create(
                indicator=indicator, year=year, defaults={"value": value}
            )


def content_save(
    *,
    plan: Plan,
    user,
    kind: Kind,
    obj: models.Model,
    data: dict,
    version: int | None = None,
    parent: Programme | None = None,
    year_targets: dict | None = None,
    reason: str = "",
    reason_text: str = "",
) -> models.Model:
    """Create `obj` (no pk yet) or change it to `data`, over the stored `version`."""
    creating = obj.pk is None
    with transaction.atomic():
        _lock_editable(plan)
        if creating:
            before = {}
            if kind.parent == "programme":
                obj.programme = parent
            else:
                obj.plan = plan
        else:
            stored = type(obj).objects.filter(pk=obj.pk).first()
            if stored is None:  # deleted by a colleague since the view read it
                raise EditConflict(None)
            claim_version(stored, version)
            before = describe_content(kind, stored)
            obj.version = stored.version
        many = _apply(kind, obj, data)
        if creating and kind.orderable:
            obj.position = (kind.siblings(obj).aggregate(top=Max("position"))["top"] or 0) + 1
        try:
            obj.full_clean(exclude=["version"])
        except ValidationError as error:
            # A rule of the model the form could not check (e.g. a line a colleague added
            # a moment ago): refused in the model's words, not a server error.
            raise PlanError(" ".join(error.messages)) from None
        obj.save()
        for name, values in many.items():
            getattr(obj, name).set(values)
        if year_targets is not None:
            _save_year_targets(obj, year_targets)
        after = describe_content(kind, obj)
        changes = diff(before, after)
        if not creating:
            _check_reason(plan, kind, changes, reason)
        if kind.model is Programme and (creating or {"first_year", "last_year"} & set(changes)):
            progress_services.entries_add_missing(plan=plan, user=user)
        if creating or changes:
            record_change(
                plan=plan,
                user=user,
                obj=obj,
                action=ChangeRecord.Action.CREATED if creating else ChangeRecord.Action.UPDATED,
                changes=changes,
                reason=reason,
                reason_text=reason_text,
                programme=kind.programme_of(obj),
            )
            bump_revision(plan)
    return obj


def content_delete(
    *,
    plan: Plan,
    user,
    kind: Kind,
    obj: models.Model,
    version: int | None,
    reason: str = "",
    reason_text: str = "",
) -> None:
    ensure_editable(plan)
    if kind.key == "area" and obj.programmes.exists():
        raise PlanError(
            by_kind(
                plan,
                _("Move or delete the area's programmes first."),
                _("Move or delete the area's measures first."),
            )
        )
    if kind.key == "programme" and obj.report_entries.exists():
        raise PlanError(
            by_kind(
                plan,
                _("The programme has yearly progress and cannot be deleted."),
                _("The measure has yearly progress and cannot be deleted."),
            )
        )
    if plan.confirmed_on and kind.reason_on_delete and not reason:
        raise ReasonRequired(
            by_kind(
                plan,
                _("The plan was confirmed: say why this is removed."),
                _("The strategy was adopted: say why this is removed."),
            )
        )
    with transaction.atomic():
        _lock_editable(plan)
        claim_version(obj, version)
        before = describe_content(kind, obj)
        programme = kind.programme_of(obj)
        record_change(
            plan=plan,
            user=user,
            obj=obj,
            action=ChangeRecord.Action.DELETED,
            changes=diff(before, {}),
            reason=reason,
            reason_text=reason_text,
            programme=programme if kind.key != "programme" else None,
        )
        obj.delete()
        bump_revision(plan)


def content_move(
    *, plan: Plan, user, kind: Kind, obj: models.Model, up: bool, seen_order: list[int]
) -> None:
    """Move `obj` one place up or down among its siblings, if the order is still as seen."""
    with transaction.atomic():
        _lock_editable(plan)
        siblings = list(kind.siblings(obj).select_for_update())
        if [s.pk for s in siblings] != seen_order:
            raise OrderChanged(
                _(
                    "Someone changed the order in the meantime. The current order is shown; move again if you still want to."
                )
            )
        index = next(i for i, s in enumerate(siblings) if s.pk == obj.pk)
        target = index - 1 if up else index + 1
        if not 0 <= target < len(siblings):
            return
        siblings[index], siblings[target] = siblings[target], siblings[index]
        for position, sibling in enumerate(siblings):
            if sibling.position != position:
                type(sibling).objects.filter(pk=sibling.pk).update(
                    position=position, version=F("version") + 1
                )
        record_change(
            plan=plan,
            user=user,
            obj=obj,
            action=ChangeRecord.Action.REORDERED,
            changes={"position": {"before": str(index + 1), "after": str(target + 1)}},
            programme=kind.programme_of(obj),
        )
        bump_revision(plan)


__all__ = ["EditConflict", "OrderChanged", "content_delete", "content_move", "content_save"]
