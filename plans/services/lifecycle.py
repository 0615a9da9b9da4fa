"""A plan's life: draft → public consultation (optional; it may be taken back to a
draft) → confirmed (RIN) or adopted (strategy) → closed; a confirmed plan is changed
only through an amendment.

Each step claims the plan's version, so a double click or two people at once apply
it exactly once, and records who did it, when, and (for amendments) why.
"""

import datetime
import re

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from news import services as news_services
from plans.kinds import by_kind
from plans.models import (
    Activity,
    Area,
    ChangeRecord,
    Chapter,
    Goal,
    GroupMember,
    Indicator,
    IndicatorValue,
    Plan,
    PlanSnapshot,
    Programme,
)
from plans.selectors import plan_document, successor_of
from plans.validation import (
    closing_date_error,
    confirmation_date_error,
    consultation_end_error,
)

from .content import bump_revision, ensure_editable
from .errors import PlanError
from .history import describe, diff, record_change
from .versioning import claim_version

# Addresses the plan URLs use for their own pages; a plan may not take them.
RESERVED_SLUGS = {"novi-nacrt", "pregled", "letna-porocila", "novice"}

RIN_CHAPTERS = [
    "Uvod in pravna podlaga",
    "Regija: demografski podatki in mreža storitev in programov",
    "Nepokrite potrebe po področjih",
    "Prioritetni programi",
    "Spremljanje in poročanje",
]
STRATEGY_CHAPTERS = [
    "Demografski podatki ter mreža socialnovarstvenih storitev in programov",
    "Izhodišča strategije: cilji in temeljna načela",
    "Pristojnosti in naloge občine v socialnem varstvu",
    "Analiza obstoječega stanja",
    "Strategija: področja, cilji, ukrepi in kazalniki",
    "Spremljanje in vrednotenje",
    "Priloge",
]
PLAN_FIELDS = [
    "title",
    "summary",
    "first_year",
    "last_year",
    "coordinator",
    "national_programme",
    "report_due_month",
    "report_due_day",
]
# Asked when a consultation starts; edited with the details while it lasts.
CONSULTATION_FIELDS = ["consultation_ends_on", "consultation_email"]


def plan_fields(plan: Plan) -> list[str]:
    """The details the plan's form edits: in public consultation, also until when and
    where the public sends its comments."""
    return PLAN_FIELDS + CONSULTATION_FIELDS if plan.is_in_consultation else PLAN_FIELDS


def unique_slug(base: str) -> str:
    base = slugify(base)[:100] or "nacrt"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Plan.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _slug_base(plan: Plan) -> str:
    scope = plan.region.name if plan.region_id else plan.municipality.name
    prefix = "rin" if plan.kind == Plan.Kind.RIN else "strategija"
    return f"{prefix}-{scope}-{plan.first_year}-{plan.last_year}"


def plan_create(*, user, plan: Plan) -> Plan:
    """Save a new draft plan with the chapter skeleton of its kind."""
    with transaction.atomic():
        plan.status = Plan.Status.DRAFT
        plan.slug = unique_slug(_slug_base(plan))
        plan.full_clean()
        plan.save()
        chapters = RIN_CHAPTERS if plan.kind == Plan.Kind.RIN else STRATEGY_CHAPTERS
        Chapter.objects.bulk_create(
            Chapter(plan=plan, position=n, title=title) for n, title in enumerate(chapters)
        )
        record_change(plan=plan, user=user, obj=plan, action=ChangeRecord.Action.CREATED)
    return plan


def plan_update(*, plan: Plan, user, data: dict, version: int | None) -> Plan:
    """Change the plan's own details; like its parts, only while it is not confirmed
    (an amendment opens it) or closed."""
    ensure_editable(plan)
    with transaction.atomic():
        stored = Plan.objects.get(pk=plan.pk)
        claim_version(stored, version)
        fields = plan_fields(stored)
        before = describe(stored, fields)
        for name in fields:
            if name in data:
                setattr(plan, name, data[name])
        plan.version = stored.version
        plan.full_clean(exclude=["version"])
        plan.save()
        changes = diff(before, describe(plan, fields))
        if changes:
            record_change(
                plan=plan, user=user, obj=plan, action=ChangeRecord.Action.UPDATED, changes=changes
            )
            bump_revision(plan)
    return plan


def _transition(
    plan: Plan,
    *,
    user,
    version: int | None,
    allowed_from: set[str],
    to: str,
    reason: str = "",
    reason_text: str = "",
    recorded: list[str] | None = None,
    **fields,
) -> Plan:
    if plan.status not in allowed_from:
        raise PlanError(
            by_kind(
                plan,
                _("A plan with the status “%(status)s” cannot take this step."),
                _("A strategy with the status “%(status)s” cannot take this step."),
            )
            % {"status": plan.status_label}
        )
    claim_version(plan, version)
    # The history is written in the portal's language, as `describe` writes it, not in
    # the language of whoever took the step.
    with translation.override(settings.LANGUAGE_CODE):
        before = plan.status_label
    recorded_before = describe(plan, recorded or [])
    plan.status = to
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.full_clean(exclude=["version"])
    plan.save()
    with translation.override(settings.LANGUAGE_CODE):
        after = plan.status_label
    record_change(
        plan=plan,
        user=user,
        obj=plan,
        action=ChangeRecord.Action.STATUS,
        changes={
            "status": {"before": before, "after": after},
            **diff(recorded_before, describe(plan, recorded or [])),
        },
        reason=reason,
        reason_text=reason_text,
    )
    bump_revision(plan)
    return plan


def plan_start_consultation(
    *, plan: Plan, user, version: int | None, ends_on: datetime.date, email: str
) -> Plan:
    """Put the draft to public consultation until `ends_on`, comments to `email`, and
    tell the region: a news item, mailed to its subscribers as every news item is."""
    today = timezone.localdate()
    if error := consultation_end_error(ends_on, started_on=today, today=today):
        raise PlanError(error)
    if not email.strip():
        raise PlanError(_("Give the e-mail address the public sends its comments to."))
    with transaction.atomic():
        _transition(
            plan,
            user=user,
            version=version,
            allowed_from={Plan.Status.DRAFT},
            to=Plan.Status.CONSULTATION,
            recorded=CONSULTATION_FIELDS,
            consultation_started_on=today,
            consultation_ends_on=ends_on,
            consultation_email=email.strip(),
        )
        news_services.consultation_announce(plan=plan, user=user)
    return plan


def plan_end_consultation(*, plan: Plan, user, version: int | None, reason: str) -> Plan:
    """Take the draft back from the public before it is confirmed or adopted: it is a
    draft again, no longer public, and the reason is in its history. No news is sent,
    but the news that announced the consultation says that it was ended."""
    if not reason.strip():
        raise PlanError(_("Give the reason for ending the consultation."))
    with transaction.atomic():
        _transition(
            plan,
            user=user,
            version=version,
            allowed_from={Plan.Status.CONSULTATION},
            to=Plan.Status.DRAFT,
            reason_text=reason.strip(),
        )
        news_services.consultation_news_mark_ended(plan=plan)
    return plan


def plan_confirm(
    *, plan: Plan, user, version: int | None, confirmed_on: datetime.date, confirmed_by: str
) -> Plan:
    """Confirm (RIN) or adopt (strategy) the plan and keep a snapshot of its whole text."""
    if error := confirmation_date_error(plan, confirmed_on, timezone.localdate()):
        raise PlanError(error)
    with transaction.atomic():
        amending = plan.status == Plan.Status.AMENDMENT
        _transition(
            plan,
            user=user,
            version=version,
            allowed_from={Plan.Status.DRAFT, Plan.Status.CONSULTATION, Plan.Status.AMENDMENT},
            to=Plan.Status.CONFIRMED,
            confirmed_on=confirmed_on,
            confirmed_by=confirmed_by,
            confirmation_recorded_by=user,
            confirmation_recorded_at=timezone.now(),
        )
        with translation.override(settings.LANGUAGE_CODE):  # the versions' label, for all
            amended = by_kind(
                plan, _("Amendment confirmed on %(date)s"), _("Amendment adopted on %(date)s")
            )
            label = (amended if amending else _("%(status)s on %(date)s")) % {
                "status": plan.status_label,
                "date": formats.date_format(confirmed_on, "DATE_FORMAT"),
            }
        PlanSnapshot.objects.create(
            plan=plan, label=label, data=plan_document(plan), created_by=user
        )
        news_services.announce("plan", plan.pk)
    return plan


def plan_amend(*, plan: Plan, user, version: int | None, reason: str, reason_text: str) -> Plan:
    if not reason or not reason_text.strip():
        raise PlanError(_("An amendment needs a reason and an explanation."))
    with transaction.atomic():
        if plan.status == Plan.Status.CONFIRMED and not plan.snapshots.exists():
            # Confirmed outside the portal (loaded data): keep the confirmed text now, as
            # the public reads the latest snapshot while the amendment is prepared.
            PlanSnapshot.objects.create(
                plan=plan,
                label=by_kind(
                    plan,
                    _("Confirmed text before the amendment"),
                    _("Adopted text before the amendment"),
                ),
                data=plan_document(plan),
                created_by=user,
            )
        return _transition(
            plan,
            user=user,
            version=version,
            allowed_from={Plan.Status.CONFIRMED},
            to=Plan.Status.AMENDMENT,
            reason=reason,
            reason_text=reason_text,
        )


def plan_close(*, plan: Plan, user, version: int | None, closed_on: datetime.date) -> Plan:
    if error := closing_date_error(plan, closed_on, timezone.localdate()):
        raise PlanError(error)
    with transaction.atomic():
        return _transition(
            plan,
            user=user,
            version=version,
            allowed_from={Plan.Status.CONFIRMED},
            to=Plan.Status.CLOSED,
            closed_on=closed_on,
        )


def _last_achieved(plan: Plan) -> dict[int, tuple]:
    """Per indicator of `plan`: (value, year) of the latest achieved value on record."""
    latest: dict[int, tuple] = {}
    values = (
        IndicatorValue.objects.filter(indicator__programme__plan=plan, achieved_value__isnull=False)
        .select_related("entry__report")
        .order_by("entry__report__year")
    )
    for value in values:
        latest[value.indicator_id] = (value.achieved_value, value.entry.report.year)
    return latest


def successor_title(predecessor: Plan, first_year: int, last_year: int) -> str:
    """The predecessor's title with its period replaced: "… 2017–2020 za Gorenjsko" →
    "… 2021–2024 za Gorenjsko" (unchanged if it does not name its period)."""
    period = re.compile(rf"\b{predecessor.first_year}\s*[–-]\s*{predecessor.last_year}\b")
    return period.sub(f"{first_year}–{last_year}", predecessor.title, count=1)


def plan_start_successor(
    *, predecessor: Plan, user, title: str, first_year: int, last_year: int
) -> Plan:
    """A draft for the next period with the predecessor's structure copied.

    Chapters, group, areas, goals, programmes, activities and indicators are copied;
    funding is not (its years belong to the old period). Each indicator's last
    achieved value is offered as its new baseline.
    """
    if first_year <= predecessor.first_year:
        raise PlanError(
            by_kind(
                predecessor,
                _("The new plan must start after the previous one started."),
                _("The new strategy must start after the previous one started."),
            )
        )
    achieved = _last_achieved(predecessor)
    with transaction.atomic():
        # One successor a plan: a second click, or a colleague at the same moment, must
        # not start a second copy. The lock makes the second wait and then find the first.
        Plan.objects.select_for_update().filter(pk=predecessor.pk).exists()
        existing = successor_of(predecessor)
        if existing is not None:
            raise PlanError(
                by_kind(
                    predecessor,
                    _("The plan for the next period was already started: “%(title)s”."),
                    _("The strategy for the next period was already started: “%(title)s”."),
                )
                % {"title": existing.title}
            )
        plan = Plan(
            kind=predecessor.kind,
            title=title,
            region=predecessor.region,
            municipality=predecessor.municipality,
            first_year=first_year,
            last_year=last_year,
            coordinator=predecessor.coordinator,
            predecessor=predecessor,
            national_programme=predecessor.national_programme,
            report_due_month=predecessor.report_due_month,
            report_due_day=predecessor.report_due_day,
            is_example=predecessor.is_example,
        )
        plan.slug = unique_slug(_slug_base(plan))
        plan.full_clean()
        plan.save()
        for chapter in predecessor.chapters.all():
            Chapter.objects.create(
                plan=plan, position=chapter.position, title=chapter.title, body=chapter.body
            )
        for member in predecessor.group_members.all():
            GroupMember.objects.create(
                plan=plan,
                position=member.position,
                person_name=member.person_name,
                function=member.function,
                organisation=member.organisation,
                provider=member.provider,
                represents=member.represents,
            )
        areas, goals = {}, {}
        for area in predecessor.areas.all():
            areas[area.pk] = Area.objects.create(
                plan=plan, position=area.position, title=area.title, unmet_needs=area.unmet_needs
            )
        for goal in predecessor.goals.all():
            goals[goal.pk] = Goal.objects.create(
                plan=plan,
                area=areas[goal.area_id],
                position=goal.position,
                title=goal.title,
                description=goal.description,
            )
        programmes = predecessor.programmes.prefetch_related(
            "implementers", "municipalities", "national_goals", "activities", "indicators"
        )
        for old in programmes:
            new = Programme.objects.create(
                plan=plan,
                area=areas[old.area_id],
                goal=goals.get(old.goal_id),
                position=old.position,
                title=old.title,
                description=old.description,
                target_groups=old.target_groups,
                lead=old.lead,
                first_year=first_year,
                last_year=last_year,
                is_example=old.is_example,
            )
            new.implementers.set(old.implementers.all())
            new.municipalities.set(old.municipalities.all())
            new.national_goals.set(
                old.national_goals.filter(Q(national_programme=plan.national_programme))
            )
            for activity in old.activities.all():
                Activity.objects.create(
                    programme=new, position=activity.position, description=activity.description
                )
            for indicator in old.indicators.all():
                baseline, baseline_year = achieved.get(
                    indicator.pk, (indicator.baseline_value, indicator.baseline_year)
                )
                Indicator.objects.create(
                    programme=new,
                    position=indicator.position,
                    name=indicator.name,
                    unit=indicator.unit,
                    unit_label=indicator.unit_label,
                    direction=indicator.direction,
                    baseline_value=baseline,
                    baseline_year=min(baseline_year, last_year) if baseline_year else None,
                    target_value=indicator.target_value,
                    target_year=last_year,
                )
        record_change(
            plan=plan,
            user=user,
            obj=plan,
            action=ChangeRecord.Action.CREATED,
            changes={"predecessor": {"before": "", "after": predecessor.title}},
        )
    return plan
