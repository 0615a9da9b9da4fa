"""The reference data in each process's memory: regions, municipalities (each with its
region) and national programmes.

They change only when the reference data is loaded again or an administrator corrects
it, and every such write renews the reference generation (`rin_portal/generation.py`),
so what is kept is never out of date; edits of plans and reports leave it alone.
Attaching them to plans spares the joins every plan lookup made: PostgreSQL planned
that join of four tables for longer than it ran it, and the ORM built some sixty
columns for it (about 0.9 ms of each plan page).

The objects are shared by the requests of the process: read them, never change them.
"""

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from municipalities.models import Municipality, Region
from rin_portal import generation
from rin_portal.queries import the_one

from .models import NationalProgramme, Plan


@dataclass(frozen=True)
class Reference:
    regions: dict[int, Region]  # in Slovenian order
    municipalities: dict[int, Municipality]
    national_programmes: dict[int, NationalProgramme]


_memory = generation.Memory(1)


def reference() -> Reference:
    """The reference data now: kept, or read in three queries."""
    now = generation.reference()
    kept = None if now is None else _memory.get(now, "reference")
    if kept is None:
        kept = _read()
        if now is not None:
            _memory.put(now, "reference", kept)
    return kept


def _read() -> Reference:
    regions = {region.pk: region for region in Region.objects.order_by("sort_name")}
    municipalities = {}
    for municipality in Municipality.objects.all():
        region = regions.get(municipality.region_id)
        if region is not None:  # else added since regions were read: loaded when used
            Municipality.region.field.set_cached_value(municipality, region)
        municipalities[municipality.pk] = municipality
    programmes = {programme.pk: programme for programme in NationalProgramme.objects.all()}
    return Reference(regions, municipalities, programmes)


def region(slug: str) -> Region | None:
    return next((found for found in reference().regions.values() if found.slug == slug), None)


def attach(plans: Iterable[Plan]) -> None:
    """Give plans their region, municipality (with its region) and national programme,
    as `select_related` would."""
    kept = reference()
    for plan in plans:
        for field, found in (
            (Plan.region.field, kept.regions),
            (Plan.municipality.field, kept.municipalities),
            (Plan.national_programme.field, kept.national_programmes),
        ):
            value_id = getattr(plan, field.attname)
            if value_id is None:
                field.set_cached_value(plan, None)
            elif value_id in found:
                field.set_cached_value(plan, found[value_id])
            # else: added since the reference data was read, loaded when used


# Plans by slug, as their lookup found them, with their reference data attached.
_plans = generation.Memory(512)


def plan(slug: str) -> Plan | None:
    """The plan with this slug (its own row, the reference data attached), or None.

    Kept in this process under the plans and the reference generations: any write to a
    plan's row renews the first, to what `attach` gives it the second. Each caller gets
    its own copy, which it may change. Inside a transaction that has written data (whose
    generations renew only at its commit) the plan is read afresh, so that code sees
    its own changes."""
    generations = (generation.plans(), generation.reference())
    keep = None not in generations and not generation.renewal_pending()
    found = _plans.get(generations, slug) if keep else None
    if found is None:
        found = the_one(Plan.objects.filter(slug=slug))
        if found is None:
            return None
        attach([found])
        if keep:
            _plans.put(generations, slug, found)
    return copy.copy(found)


# Lists of plans by name, as `plan_list` read them.
_lists = generation.Memory(64)


def plan_list(name: str, read: Callable[[], list[Plan]]) -> list[Plan]:
    """The plans `read` finds (a query of the plans' own rows), with their reference data
    attached, kept in this process under `name` and the plans and reference generations
    as `plan` keeps one. `name` must tell apart everything that chooses the plans (a
    user's reach, a region). The plans are shared by every caller: read, never change
    them; the list is each caller's own."""
    generations = (generation.plans(), generation.reference())
    keep = None not in generations and not generation.renewal_pending()
    found = _lists.get(generations, name) if keep else None
    if found is None:
        found = read()
        attach(found)
        if keep:
            _lists.put(generations, name, found)
    return list(found)


def forget() -> None:
    """Forget the reference data and plans kept in this process (tests: each has its own
    data)."""
    _memory.clear()
    _plans.clear()
    _lists.clear()
