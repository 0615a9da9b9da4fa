"""Reads shared by the plan pages, snapshots and documents.

`plan_document` returns the whole plan as plain, JSON-ready data (str, int, bool,
None, lists and dicts; amounts as decimal strings, dates as ISO strings, choices as
codes). The plan page, the public page, the PDF and the confirmation snapshots all
render this one structure, so they always show the same content, and two snapshots
can be compared key by key.
"""

import copy
import functools
from collections import defaultdict
from decimal import Decimal

from django.apps import apps
from django.db.models import Prefetch, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from municipalities.models import Region
from providers.models import Provider
from rin_portal import permissions
from rin_portal.formatting import has_cents
from rin_portal.memory import Lru
from rin_portal.prepared import Prepared, prepared
from rin_portal.text import slovenian_sort_key

from . import reference
from .diffing import field_label, word_diff
from .kinds import KINDS
from .models import (
    Activity,
    Area,
    ChangeRecord,
    Chapter,
    FundingLine,
    FundingSource,
    Goal,
    GroupMember,
    Indicator,
    IndicatorYearTarget,
    NationalGoal,
    Plan,
    PlanSnapshot,
    Programme,
)


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _provider(provider) -> dict | None:
    if provider is None:
        return None
    return {"id": provider.pk, "name": provider.name, "short_name": str(provider)}


def _coordinator_and_predecessor(plan: Plan) -> None:
    """Loads both in one query when they were not selected with the plan."""
    loaded = Plan.coordinator.is_cached(plan) and Plan.predecessor.is_cached(plan)
    if loaded or not (plan.coordinator_id or plan.predecessor_id):
        return
    found = (
        Plan.objects.select_related("coordinator", "predecessor")
        .only(
            "coordinator__name",
            "coordinator__short_name",
            "predecessor__slug",
            "predecessor__title",
        )
        .get(pk=plan.pk)
    )
    plan.coordinator, plan.predecessor = found.coordinator, found.predecessor


def plan_header(plan: Plan) -> dict:
    """The plan's own fields; expects region, municipality and national programme to be
    selected with it (the coordinator and predecessor too, or they cost a query)."""
    _coordinator_and_predecessor(plan)
    return {
        "id": plan.pk,
        "slug": plan.slug,
        "title": plan.title,
        "kind": plan.kind,
        "status": plan.status,
        "summary": plan.summary,
        "region": plan.scope_region.name,
        "region_slug": plan.scope_region.slug,
        "municipality": plan.municipality.name if plan.municipality_id else None,
        "first_year": plan.first_year,
        "last_year": plan.last_year,
        "coordinator": _provider(plan.coordinator),
        "predecessor": (
            {"slug": plan.predecessor.slug, "title": plan.predecessor.title}
            if plan.predecessor_id
            else None
        ),
        "national_programme": plan.national_programme.short_name,
        "national_programme_name": plan.national_programme.name,
        "confirmed_on": plan.confirmed_on.isoformat() if plan.confirmed_on else None,
        "confirmed_by": plan.confirmed_by,
        "is_example": plan.is_example,
        "version": plan.version,
        "revision": plan.revision,
    }


def consultation_contact(plan: Plan) -> dict | None:
    """Whom the public sends comments on a draft in consultation to: the plan's
    coordinator, with the contact details the providers' register has for it (one
    query), or None when the plan names no coordinator. Not part of the plan's text
    (`plan_document`): the current details, not those of the day it was confirmed."""
    if plan.coordinator_id is None:
        return None
    return Provider.objects.filter(pk=plan.coordinator_id).values("name", "email", "phone").first()


def _programmes(plan: Plan) -> QuerySet[Programme]:
    # Queries: programmes with lead, implementers, municipalities, national goals,
    # activities, funding lines, indicators and their yearly targets: 8 in all.
    return (
        Programme.objects.filter(plan=plan)
        .select_related("lead")
        .prefetch_related(
            "implementers",
            "municipalities",
            Prefetch(
                "national_goals",
                queryset=NationalGoal.objects.select_related("national_programme"),
            ),
            Prefetch("activities", queryset=Activity.objects.order_by("position", "id")),
            Prefetch("funding_lines", queryset=FundingLine.objects.order_by("year", "source")),
            Prefetch(
                "indicators",
                queryset=Indicator.objects.order_by("position", "id").prefetch_related(
                    Prefetch("year_targets", queryset=IndicatorYearTarget.objects.order_by("year"))
                ),
            ),
        )
        .order_by("position", "id")
    )


def _programme_data(programme: Programme, number: str) -> dict:
    return {
        "id": programme.pk,
        "version": programme.version,
        "number": number,
        "title": programme.title,
        "description": programme.description,
        "goal_id": programme.goal_id,
        "target_groups": programme.target_groups,
        "lead": _provider(programme.lead),
        "implementers": [_provider(p) for p in programme.implementers.all()],
        # Municipality.Meta.ordering sorts the prefetched rows the Slovenian way.
        "municipalities": [m.name for m in programme.municipalities.all()],
        "first_year": programme.first_year,
        "last_year": programme.last_year,
        "national_goals": [
            {
                "id": goal.pk,
                "kind": goal.kind,
                "number": goal.number,
                "title": goal.title,
                "programme": goal.national_programme.short_name,
                "is_summary": goal.is_summary,
            }
            for goal in programme.national_goals.all()
        ],
        "is_example": programme.is_example,
        "activities": [
            {
                "id": a.pk,
                "version": a.version,
                "description": a.description,
                "timeframe": a.timeframe,
            }
            for a in programme.activities.all()
        ],
        "funding": [
            {
                "id": f.pk,
                "version": f.version,
                "source": f.source,
                "year": f.year,
                "amount": _decimal(f.planned_amount),
            }
            for f in sorted(
                programme.funding_lines.all(),
                key=lambda f: (f.year, FundingSource.sort_key(f.source)),
            )
        ],
        "funding_cents": has_cents(f.planned_amount for f in programme.funding_lines.all()),
        "indicators": [
            {
                "id": i.pk,
                "version": i.version,
                "name": i.name,
                "unit": i.unit,
                "unit_label": i.unit_label,
                "baseline_value": _decimal(i.baseline_value),
                "baseline_year": i.baseline_year,
                "target_value": _decimal(i.target_value),
                "target_year": i.target_year,
                "direction": i.direction,
                "year_targets": [
                    {"year": t.year, "value": _decimal(t.value)} for t in i.year_targets.all()
                ],
            }
            for i in programme.indicators.all()
        ],
    }


def funding_table(programmes: list[dict], years: list[int]) -> dict:
    """Planned funding by source (rows) and year (columns), with totals."""
    by_source: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for programme in programmes:
        for line in programme["funding"]:
            by_source[line["source"]][line["year"]] += Decimal(line["amount"])
    rows = []
    column_totals: dict[int, Decimal] = defaultdict(Decimal)
    for source in sorted(by_source, key=FundingSource.sort_key):
        amounts = by_source[source]
        for year, amount in amounts.items():
            column_totals[year] += amount
        rows.append(
            {
                "source": source,
                "amounts": [_decimal(amounts.get(year, Decimal(0))) for year in years],
                "total": _decimal(sum(amounts.values(), Decimal(0))),
            }
        )
    totals = [_decimal(column_totals.get(year, Decimal(0))) for year in years]
    grand_total = _decimal(sum(column_totals.values(), Decimal(0)))
    return {
        "years": years,
        "rows": rows,
        "totals": totals,
        "grand_total": grand_total,
        "cents": has_cents(*(row["amounts"] for row in rows), totals, [grand_total]),
    }


def plan_document(plan: Plan) -> dict:
    """The whole plan as plain data. Runs a constant number of queries (12 after the plan)."""
    document = plan_header(plan)
    document["chapters"] = [
        {"id": c.pk, "version": c.version, "number": n, "title": c.title, "body": c.body}
        for n, c in enumerate(Chapter.objects.filter(plan=plan).order_by("position", "id"), 1)
    ]
    document["group_members"] = [
        {
            "id": m.pk,
            "version": m.version,
            "person_name": m.person_name,
            "function": m.function,
            "organisation": m.organisation,
            "represents": m.represents,
        }
        for m in GroupMember.objects.filter(plan=plan).order_by("position", "id")
    ]
    areas = list(Area.objects.filter(plan=plan).order_by("position", "id"))
    goals_by_area: dict[int, list[Goal]] = defaultdict(list)
    for goal in Goal.objects.filter(plan=plan).order_by("position", "id"):
        goals_by_area[goal.area_id].append(goal)
    programmes_by_area: dict[int, list[Programme]] = defaultdict(list)
    for programme in _programmes(plan):
        programmes_by_area[programme.area_id].append(programme)

    document["areas"] = []
    all_programmes = []
    for area_number, area in enumerate(areas, 1):
        goals = goals_by_area[area.pk]
        goal_titles = {g.pk: g.title for g in goals}
        programmes = []
        for n, programme in enumerate(programmes_by_area[area.pk], 1):
            data = _programme_data(programme, f"{area_number}.{n}")
            data["area_id"] = area.pk
            data["area_title"] = area.title
            data["goal_title"] = goal_titles.get(programme.goal_id, "")
            programmes.append(data)
        all_programmes.extend(programmes)
        document["areas"].append(
            {
                "id": area.pk,
                "version": area.version,
                "number": area_number,
                "title": area.title,
                "unmet_needs": area.unmet_needs,
                "goals": [
                    {
                        "id": g.pk,
                        "version": g.version,
                        "number": f"{area_number}.{n}",
                        "title": g.title,
                        "description": g.description,
                    }
                    for n, g in enumerate(goals, 1)
                ],
                "programmes": programmes,
            }
        )
    years = list(plan.years)
    document["funding_table"] = funding_table(all_programmes, years)
    document["programme_count"] = len(all_programmes)
    covered = {name for programme in all_programmes for name in programme["municipalities"]}
    document["municipalities_covered"] = sorted(covered, key=slovenian_sort_key)
    return document


def iter_programmes(document: dict):
    for area in document["areas"]:
        yield from area["programmes"]


# Lists --------------------------------------------------------------------------------


def regions_with_plans(user) -> list[Region]:
    """All regions, each with `.visible_plans`: the plans the user may open. One query,
    or none while the plans and reference generations stay (`reference.plan_list`); the
    regions and municipalities come from the reference data in memory."""
    plans = reference.plan_list(
        f"visible-to:{permissions.reach(user)}",
        lambda: permissions.visible_plans_newest_first(user),
    )
    by_region: dict[int, list[Plan]] = defaultdict(list)
    for plan in plans:
        by_region[plan.scope_region.pk].append(plan)
    # Copies: the kept regions are shared by every request of the process.
    regions = [copy.copy(region) for region in reference.reference().regions.values()]
    for region in regions:
        region.visible_plans = by_region[region.pk]
    return regions


def plans_for_list(user) -> QuerySet[Plan]:
    return (
        permissions.plans_visible_to(user)
        .select_related("region", "municipality__region", "coordinator")
        .order_by("-first_year", "title")
    )


def plan_document_for_reader(plan: Plan, *, working_text: bool) -> dict:
    """The working text for those who may see drafts; otherwise the public text: the
    confirmed text, or the current draft while it is in public consultation.

    While a confirmed plan is being amended, the public keeps reading the text that
    was confirmed last (the latest snapshot), never the amendment in progress.
    """
    if working_text or plan.status != Plan.Status.AMENDMENT:
        return plan_document(plan)
    snapshot = plan.snapshots.order_by("-created_at", "-id").first()
    return snapshot.data if snapshot else plan_document(plan)


def programme_document(plan: Plan, pk: int, *, working_text: bool) -> dict | None:
    """One programme as in plan_document, numbered as there; None if not in the plan.

    Builds only this programme (constant queries); a reader of a plan under amendment
    gets it from the confirmed snapshot, like the plan page.
    """
    if not working_text and plan.status == Plan.Status.AMENDMENT:
        document = plan_document_for_reader(plan, working_text=False)
        return next((p for p in iter_programmes(document) if p["id"] == pk), None)
    programme = next(iter(_programmes(plan).filter(pk=pk).select_related("area", "goal")), None)
    if programme is None:
        return None
    area_ids = list(
        Area.objects.filter(plan=plan).order_by("position", "id").values_list("id", flat=True)
    )
    siblings = list(
        Programme.objects.filter(plan=plan, area_id=programme.area_id)
        .order_by("position", "id")
        .values_list("id", flat=True)
    )
    data = _programme_data(
        programme, f"{area_ids.index(programme.area_id) + 1}.{siblings.index(pk) + 1}"
    )
    data["area_id"] = programme.area_id
    data["area_title"] = programme.area.title
    data["goal_title"] = programme.goal.title if programme.goal_id else ""
    return data


def successor_of(plan: Plan) -> Plan | None:
    """The plan started for the period after `plan`, if any (there is at most one)."""
    return plan.successors.order_by("id").first()


def deletion_of(plan: Plan, model: type, pk: int) -> ChangeRecord | None:
    """The record of a part of `plan` having been deleted (who, when, its programme)."""
    return (
        plan.changes.filter(
            entity=model._meta.label_lower, object_id=pk, action=ChangeRecord.Action.DELETED
        )
        .select_related("programme")
        .order_by("-created_at", "-id")
        .first()
    )


def history_entries(plan: Plan, *, programme_id: int | None = None, limit: int = 200) -> list[dict]:
    """The latest changes of a plan (or of one programme) with word-level diffs. One query."""
    if programme_id is None:
        records = _latest_changes(limit)(plan.pk)
    else:
        records = _latest_changes_of_programme(limit)(plan.pk, programme_id)
    return history_of(records, plan_kind=plan.kind)


def _latest(records: QuerySet[ChangeRecord], limit: int) -> QuerySet[ChangeRecord]:
    return records.order_by("-created_at", "-id")[:limit]


# The limit is written into the SQL: one prepared query per limit.
@functools.cache
def _latest_changes(limit: int) -> Prepared:
    return prepared(lambda plan_id: _latest(ChangeRecord.objects.filter(plan_id=plan_id), limit))


@functools.cache
def _latest_changes_of_programme(limit: int) -> Prepared:
    return prepared(
        lambda plan_id, programme_id: _latest(
            ChangeRecord.objects.filter(plan_id=plan_id, programme_id=programme_id), limit
        )
    )


def snapshots_of(plan: Plan) -> list[PlanSnapshot]:
    """The plan's confirmed (adopted) versions, newest first: labels and dates only."""
    return _snapshots(plan.pk)


_snapshots = prepared(
    lambda plan_id: (
        PlanSnapshot.objects.filter(plan_id=plan_id)
        .order_by("-created_at", "-id")
        .only("id", "label", "created_at")
    )
)


def history_of(records, *, plan_kind: str = Plan.Kind.RIN) -> list[dict]:
    """Change records as the history pages show them: what changed, with word diffs.

    Parts are named as the plan names them: a strategy's programmes are its measures."""
    labels = {}
    if plan_kind == Plan.Kind.STRATEGY:
        labels = {
            kind.model._meta.label_lower: kind.strategy_label
            for kind in KINDS.values()
            if kind.strategy_label
        }
        labels["plans.plan"] = _("strategy")
    entries = []
    for record in records:
        try:
            entity_label = str(
                labels.get(record.entity) or apps.get_model(record.entity)._meta.verbose_name
            )
        except LookupError:
            entity_label = record.entity
        entries.append(
            {
                "record": record,
                "entity_label": entity_label,
                "changes": _described_changes(record, plan_kind),
            }
        )
    return entries


# A change record's changes as the history shows them, by record and language, in this
# process: the records are never changed (the admin only reads them), and their word
# diffs cost a report's page more than its queries (100 records drawn on every view).
# Shared by the requests: read them, never change them.
_described = Lru(20_000)


def _described_changes(record: ChangeRecord, plan_kind: str) -> list[dict]:
    # The time as well as the id: SQLite gives a rolled-back id again (tests do so).
    key = (record.pk, record.created_at, plan_kind, get_language())
    found = _described.get(key)
    if found is None:
        found = [
            {
                "label": field_label(record.entity, name, plan_kind),
                "before": change["before"],
                "after": change["after"],
                "segments": word_diff(change["before"], change["after"]),
            }
            for name, change in sorted(
                record.changes.items(), key=lambda item: _field_rank(record.entity, item[0])
            )
        ]
        _described.put(key, found)
    return found


def forget() -> None:
    """Forget the described changes kept in this process (tests: each has its own data)."""
    _described.clear()


def _field_rank(entity: str, name: str) -> tuple[int, str]:
    """Where a changed field stands: in the order of the model's fields, as the forms
    and the plan show them (name, unit, baseline, target), not in the order of the
    fields' code names, which is how the changes are stored (and how PostgreSQL's
    JSON keeps keys anyway). Fields the model lacks (yearly targets) come last."""
    ranks = _field_ranks(entity)
    return (ranks.get(name, len(ranks)), name)


@functools.cache
def _field_ranks(entity: str) -> dict[str, int]:
    """The model's fields by position (once per process: a history page asks hundreds of times)."""
    try:
        meta = apps.get_model(entity)._meta
    except LookupError:
        return {}
    # Fields sort by when they were defined, many-to-many ones among the others.
    return {field.name: n for n, field in enumerate(sorted([*meta.fields, *meta.many_to_many]))}
