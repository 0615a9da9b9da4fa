"""Reads for the documents: the data each document is made from, and the lists of documents.

The `*_data` functions return plain, JSON-ready data (str, int, bool, None, lists and
dicts; amounts as decimal strings, dates as ISO strings, choices as codes), shaped
for one audience: the public text of a plan and its approved reports, the working
text seen within the plan's scope, or the national reviewers' overview. That data
is stored with the document and fingerprinted, so each runs a constant number of
queries and never reads the clock except where the document states "as of" (and
whether a public consultation's period for comments has ended).
"""

from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone, translation

from municipalities.models import Region
from plans import reference
from plans.diffing import field_label
from plans.models import (
    ChangeRecord,
    FundingSource,
    Indicator,
    IndicatorValue,
    NationalGoal,
    Plan,
    Programme,
    ReportEntry,
    ReportEvent,
    YearlyReport,
)
from plans.progress.state import returned_part
from plans.selectors import consultation_contact, iter_programmes, plan_document_for_reader
from rin_portal import permissions
from rin_portal.prepared import prepared
from rin_portal.text import slovenian_sort_key

from .models import Document

PLAN_RELATED = (
    "region",
    "municipality__region",
    "coordinator",
    "predecessor",
    "national_programme",
)


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _iso(value) -> str | None:
    return value.isoformat() if value else None


# Plans and strategies -------------------------------------------------------------------


def plan_data(plan: Plan, *, audience: str) -> dict:
    """The plan as its reader may see it: the working text, or the public text (the text
    confirmed last, or the draft in public consultation, with until when and where the
    public comments)."""
    data = plan_document_for_reader(plan, working_text=audience == Document.Audience.WORKING)
    if data["status"] == Plan.Status.CONSULTATION:
        data["consultation"] = consultation_data(plan)
    return data


def consultation_data(plan: Plan) -> dict:
    """What the public plan page says of a draft in public consultation: the last day for
    comments and the address for them, or, without them, the coordinator's contact
    details (one query then). Reads the clock: as of the day the document is asked for,
    whether the period for comments has ended, so that the next day's document, whose
    data differs, is prepared anew and says so."""
    ends_on, email = plan.consultation_ends_on, plan.consultation_email
    return {
        "ends_on": _iso(ends_on),
        "email": email,
        "ended": plan.consultation_has_ended,
        "contact": None if ends_on and email else consultation_contact(plan),
    }


# Yearly monitoring reports --------------------------------------------------------------


def public_name(event: ReportEvent) -> str:
    """Who took a step, as the public may read it: the name recorded, unless it is only
    the login name of a user without a full name (a login is not published)."""
    user = event.user
    if user is not None and event.user_name == user.get_username():
        return ""
    return event.user_name


def _stamps(report: YearlyReport, events: list[ReportEvent], *, audience: str) -> list[dict]:
    """The review stamps: for the public only who submitted and approved it, and when."""
    if audience == Document.Audience.WORKING:
        return [
            {
                "action": e.action,
                "by": e.user_name,
                "at": _iso(e.created_at),
                "reason": e.reason,
            }
            for e in events
        ]
    stamps = []
    for action, at in (("submitted", report.submitted_at), ("approved", report.approved_at)):
        latest = [e for e in events if e.action == action]
        if at:
            by = public_name(latest[-1]) if latest else ""
            stamps.append({"action": action, "by": by, "at": _iso(at), "reason": ""})
    return stamps


def _indicator_rows(programme: dict, achieved: dict[int, dict[int, str]], year: int) -> list[dict]:
    rows = []
    for indicator in programme["indicators"]:
        series = achieved.get(indicator["id"], {})
        year_targets = {t["year"]: t["value"] for t in indicator["year_targets"]}
        # As the report pages read it (plans.progress.checks.target_for): without a
        # yearly target, the final target is the target of its own year.
        year_targets.setdefault(indicator["target_year"], indicator["target_value"])
        rows.append(
            {
                **indicator,
                "achieved": series.get(year),
                "year_target": year_targets.get(year),
                # JSON keys are strings; keep the years as a list of pairs instead.
                "achieved_by_year": sorted(series.items()),
            }
        )
    return rows


def _funding_rows(programme: dict, used: dict[str, str], year: int) -> list[dict]:
    planned: dict[str, Decimal] = defaultdict(Decimal)
    for line in programme["funding"]:
        if line["year"] == year:
            planned[line["source"]] += Decimal(line["amount"])
    return [
        {
            "source": source,
            "planned": _decimal(planned.get(source, Decimal(0))),
            "used": used.get(source),
        }
        for source in sorted(set(planned) | set(used), key=FundingSource.sort_key)
    ]


def _changes(report: YearlyReport) -> list[dict]:
    """Changes with a recorded reason (changed targets, baselines, amounts) up to approval."""
    records = (
        ChangeRecord.objects.filter(plan_id=report.plan_id)
        .exclude(reason="", reason_text="")
        # A draft taken back from public consultation gives its reason too, but changed
        # nothing the plan says.
        .exclude(action=ChangeRecord.Action.STATUS, reason="")
    )
    if report.approved_at:
        records = records.filter(created_at__lte=report.approved_at)
    with translation.override(settings.LANGUAGE_CODE):  # the documents' language
        return [
            {
                "at": _iso(r.created_at),
                "by": r.user_name,
                "object": r.object_label,
                "action": r.action,
                "reason": r.reason,
                "reason_text": r.reason_text,
                "changes": [
                    {
                        # "Ciljna vrednost", not "target_value"
                        "field": field_label(r.entity, name),
                        "before": c.get("before", ""),
                        "after": c.get("after", ""),
                    }
                    for name, c in sorted(r.changes.items())
                ],
            }
            for r in records.order_by("created_at", "id")
        ]


def _returns(entries: list[ReportEntry]) -> dict[int, dict]:
    """Returned entries' reasons and the parts pointed at, named in the documents'
    language; two queries, only when the report has returned entries."""
    ids = [entry.pk for entry in entries if entry.is_returned]
    if not ids:
        return {}
    returned = ReportEntry.objects.filter(pk__in=ids).prefetch_related("programme__indicators")
    with translation.override(settings.LANGUAGE_CODE):
        return {
            entry.pk: {"reason": entry.return_reason, "part": returned_part(entry)}
            for entry in returned
        }


def yearly_report_data(report: YearlyReport, *, audience: str) -> dict:
    """A yearly report with its plan's programmes, values over the years and stamps.

    The public reads only approved reports, so its charts show values from approved
    reports only; within the plan's scope every report up to this year counts.
    """
    plan = report.plan
    working = audience == Document.Audience.WORKING
    document = plan_document_for_reader(plan, working_text=working)
    programmes = {p["id"]: p for p in iter_programmes(document)}
    entries = list(
        ReportEntry.objects.filter(report=report)
        .prefetch_related("funding")
        .order_by("programme__position", "programme_id")
    )
    earlier = YearlyReport.objects.filter(plan_id=plan.pk, year__lte=report.year)
    if not working:
        earlier = earlier.filter(status=YearlyReport.Status.APPROVED)
    achieved: dict[int, dict[int, str]] = defaultdict(dict)
    for indicator_id, year, value in IndicatorValue.objects.filter(
        entry__report__in=earlier, achieved_value__isnull=False
    ).values_list("indicator_id", "entry__report__year", "achieved_value"):
        achieved[indicator_id][year] = str(value)
    events = list(report.events.select_related("user").order_by("created_at", "id"))
    # What the reviewers asked to revise, for the plan's scope only.
    returns = _returns(entries) if working else {}

    rows = []
    for entry in entries:
        programme = programmes.get(entry.programme_id)
        if programme is None:
            # Added by an amendment the public cannot read yet: not shown to the public.
            continue
        used = {f.source: str(f.amount_used) for f in entry.funding.all()}
        rows.append(
            {
                "programme_id": entry.programme_id,
                "number": programme["number"],
                "title": programme["title"],
                "area_title": programme["area_title"],
                "lead": programme["lead"]["name"] if programme["lead"] else "",
                "status": entry.status,
                "achievements": entry.achievements,
                "obstacles": entry.obstacles,
                "explanation": entry.explanation,
                "users_reached": entry.users_reached,
                "indicators": _indicator_rows(programme, achieved, report.year),
                "funding": _funding_rows(programme, used, report.year),
                "returned": returns.get(entry.pk),
            }
        )
    rows.sort(key=lambda row: [int(part) for part in row["number"].split(".")])
    header = {key: document[key] for key in ("id", "slug", "title", "kind", "region")}
    header.update(
        municipality=document["municipality"],
        first_year=document["first_year"],
        last_year=document["last_year"],
        coordinator=document["coordinator"]["name"] if document["coordinator"] else "",
        is_example=document["is_example"],
    )
    return {
        "plan": header,
        "report": {
            "id": report.pk,
            "year": report.year,
            "status": report.status,
            "due_date": _iso(report.due_date),
            "submitted_at": _iso(report.submitted_at),
            "approved_at": _iso(report.approved_at),
        },
        "audience": audience,
        "entries": rows,
        "years": sorted(
            {plan.first_year - 1, *range(plan.first_year, plan.last_year + 1)}
            | {year for series in achieved.values() for year in series}
        ),
        "stamps": _stamps(report, events, audience=audience),
        "changes": _changes(report) if working else [],
    }


# The national overview ------------------------------------------------------------------


def _target_groups(text: str) -> list[str]:
    seen = []
    for part in text.replace(";", ",").split(","):
        name = " ".join(part.split()).strip(" .").lower()
        if name and name not in seen:
            seen.append(name)
    return seen


def _normalised(name: str) -> str:
    return " ".join(name.split()).lower()


def national_overview_data() -> dict:
    """Every region's plans, programmes by national goal and target group, reporting
    completeness per region and indicators shared across plans. Eight queries."""
    as_of = timezone.localdate()
    regions = list(Region.objects.order_by("sort_name"))
    plans = list(
        Plan.objects.select_related("region", "municipality__region", "national_programme")
        .annotate(programme_count=Count("programmes", distinct=True))
        .order_by("-first_year", "title")
    )
    plan_region = {plan.pk: plan.scope_region.pk for plan in plans}
    plan_titles = {plan.pk: plan.title for plan in plans}
    programmes = list(
        Programme.objects.only("id", "plan_id", "title", "target_groups", "first_year", "last_year")
        .prefetch_related("national_goals")
        .order_by("plan_id", "position", "id")
    )
    # A report never opened still owes an entry for each programme of its year.
    active: dict[tuple[int, int], int] = defaultdict(int)
    for programme in programmes:
        for year in range(programme.first_year, programme.last_year + 1):
            active[programme.plan_id, year] += 1
    reports = list(
        YearlyReport.objects.annotate(
            entries_total=Count("entries", distinct=True),
            entries_filled=Count("entries", filter=~Q(entries__status=""), distinct=True),
        ).order_by("plan_id", "year")
    )
    goals = list(NationalGoal.objects.select_related("national_programme"))
    indicators = list(
        Indicator.objects.select_related("programme").order_by(
            "programme__plan_id", "position", "id"
        )
    )
    latest: dict[int, tuple[int, str]] = {}
    for indicator_id, year, value in (
        IndicatorValue.objects.filter(
            entry__report__status=YearlyReport.Status.APPROVED, achieved_value__isnull=False
        )
        .order_by("entry__report__year")
        .values_list("indicator_id", "entry__report__year", "achieved_value")
    ):
        latest[indicator_id] = (year, str(value))

    region_names = {region.pk: region.name for region in regions}
    reports_by_plan: dict[int, list[YearlyReport]] = defaultdict(list)
    for report in reports:
        reports_by_plan[report.plan_id].append(report)

    region_rows = []
    for region in regions:
        region_plans = [plan for plan in plans if plan.scope_region.pk == region.pk]
        reporting = []
        for plan in region_plans:
            by_year = {report.year: report for report in reports_by_plan[plan.pk]}
            for year in plan.years:
                report = by_year.get(year)
                due = plan.report_due_date(year)
                if report is None and (due > as_of or not plan.is_public):
                    continue  # not due yet, or the plan is not confirmed
                reporting.append(
                    {
                        "plan": plan.title,
                        "plan_slug": plan.slug,
                        "year": year,
                        "due_date": _iso(report.due_date if report else due),
                        "status": report.status if report else "missing",
                        "submitted_at": _iso(report.submitted_at) if report else None,
                        "entries_total": report.entries_total if report else active[plan.pk, year],
                        "entries_filled": report.entries_filled if report else 0,
                    }
                )
        region_rows.append(
            {
                "code": region.code,
                "name": region.name,
                "plans": [
                    {
                        "title": plan.title,
                        "slug": plan.slug,
                        "kind": plan.kind,
                        "status": plan.status,
                        "municipality": plan.municipality.name if plan.municipality_id else None,
                        "first_year": plan.first_year,
                        "last_year": plan.last_year,
                        "national_programme": plan.national_programme.short_name,
                        "confirmed_on": _iso(plan.confirmed_on),
                        "programme_count": plan.programme_count,
                    }
                    for plan in region_plans
                ],
                "reporting": reporting,
                "reports_due": len(reporting),
                "reports_approved": sum(1 for r in reporting if r["status"] == "approved"),
                "reports_submitted": sum(
                    1 for r in reporting if r["status"] in {"submitted", "approved"}
                ),
            }
        )

    by_goal: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    by_group: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for programme in programmes:
        region_id = plan_region[programme.plan_id]
        for goal in programme.national_goals.all():
            by_goal[goal.pk][region_id] += 1
        for group in _target_groups(programme.target_groups):
            by_group[group][region_id] += 1

    def by_region(counts: dict[int, int]) -> list[dict]:
        return [
            {"region": region_names[region_id], "count": count}
            for region_id, count in sorted(
                counts.items(), key=lambda item: slovenian_sort_key(region_names[item[0]])
            )
        ]

    goal_rows = [
        {
            "programme": goal.national_programme.short_name,
            "kind": goal.kind,
            "number": goal.number,
            "title": goal.title,
            "is_summary": goal.is_summary,
            "programme_count": sum(by_goal[goal.pk].values()),
            "regions": by_region(by_goal[goal.pk]),
        }
        for goal in sorted(goals, key=lambda g: (g.national_programme.first_year, g.kind, g.number))
    ]
    group_rows = [
        {
            "name": name,
            "programme_count": sum(counts.values()),
            "regions": by_region(counts),
        }
        for name, counts in sorted(
            by_group.items(), key=lambda item: (-sum(item[1].values()), slovenian_sort_key(item[0]))
        )
    ]

    shared: dict[tuple[str, str], list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        shared[(_normalised(indicator.name), indicator.unit)].append(indicator)
    indicator_groups = []
    for (_name, unit), members in shared.items():
        plan_ids = {m.programme.plan_id for m in members}
        if len(plan_ids) < 2:
            continue
        indicator_groups.append(
            {
                "name": members[0].name,
                "unit": unit,
                "unit_label": members[0].unit_label,
                "region_count": len({plan_region[p] for p in plan_ids}),
                "rows": [
                    {
                        "region": region_names[plan_region[m.programme.plan_id]],
                        "plan": plan_titles[m.programme.plan_id],
                        "baseline_value": _decimal(m.baseline_value),
                        "baseline_year": m.baseline_year,
                        "target_value": _decimal(m.target_value),
                        "target_year": m.target_year,
                        "latest_year": latest[m.pk][0] if m.pk in latest else None,
                        "latest_value": latest[m.pk][1] if m.pk in latest else None,
                    }
                    for m in sorted(
                        members,
                        key=lambda m: (
                            slovenian_sort_key(region_names[plan_region[m.programme.plan_id]]),
                            plan_titles[m.programme.plan_id],
                        ),
                    )
                ],
            }
        )
    indicator_groups.sort(key=lambda g: (-g["region_count"], slovenian_sort_key(g["name"])))

    return {
        "as_of": as_of.isoformat(),
        "regions": region_rows,
        "plan_count": len(plans),
        "programme_count": len(programmes),
        "national_goals": goal_rows,
        "target_groups": group_rows,
        "indicators": indicator_groups,
    }


# Lists of documents ---------------------------------------------------------------------


def _latest_of_series(documents: QuerySet[Document]) -> QuerySet[Document]:
    newer = Document.objects.filter(
        series=OuterRef("series"), status=Document.Status.READY, version__gt=OuterRef("version")
    )
    return documents.filter(status=Document.Status.READY).exclude(Exists(newer))


_latest_documents = prepared(
    lambda *reach: (
        _latest_of_series(permissions.documents_within(*reach))
        .defer("data")  # what was rendered: a national overview's is over a megabyte
        .order_by("kind", "title", "year", "format")
    )
)


def latest_documents_by_region(user) -> tuple[list[Document], list[dict]]:
    """The national documents, and per region the latest ready document of each series.
    One query: the list shows the documents' own fields, and the regions come from the
    reference data."""
    documents = _latest_documents(*permissions.reach(user))
    national = [d for d in documents if d.kind == Document.Kind.NATIONAL]
    by_region: dict[int, list[Document]] = defaultdict(list)
    for document in documents:
        if document.region_id:
            by_region[document.region_id].append(document)
    regions = [
        {"region": region, "documents": by_region[region.pk]}
        for region in reference.reference().regions.values()  # in Slovenian order
        if region.pk in by_region
    ]
    return national, regions


def plan_documents(user, plan: Plan) -> list[Document]:
    """Every version of the plan's documents the user may download, newest first."""
    return list(
        permissions.documents_visible_to(user)
        .filter(plan=plan, status=Document.Status.READY)
        .select_related("report")
        .defer("data")
        .order_by("kind", "-year", "format", "audience", "-version")
    )


def yearly_reports_for(user, plan: Plan) -> list[YearlyReport]:
    return list(permissions.reports_visible_to(user).filter(plan=plan).order_by("-year"))
