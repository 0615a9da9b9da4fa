"""The print templates' contexts: numbered chapters, the table of contents, charts.

`document_html(document)` renders a stored document's data through its template in
templates/reports/pdf/; everything a template shows is prepared here, so that the
templates only loop and branch.
"""

import re
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.kinds import by_kind
from plans.models import FundingSource, Indicator, plan_status_label
from plans.selectors import funding_table
from rin_portal.choices import label
from rin_portal.formatting import format_amount, format_date, format_number, has_cents

from . import charts
from .models import Document
from .tables import label_action, report_status_label


def document_html(document: Document, *, assembled: bool = False) -> str:
    builders = {
        Document.Kind.PLAN: ("reports/pdf/plan.html", plan_context),
        Document.Kind.STRATEGY: ("reports/pdf/plan.html", plan_context),
        Document.Kind.YEARLY: ("reports/pdf/yearly.html", yearly_context),
        Document.Kind.NATIONAL: ("reports/pdf/national.html", national_context),
    }
    template, builder = builders[document.kind]
    context = builder(document.data)
    context["meta"] = {
        "title": document.title,
        "language": document.language,
        "kind": document.kind,
        "kind_label": document.get_kind_display(),
        "version": document.version,
        "prepared_on": timezone.localdate(document.requested_at).isoformat(),
        "created": document.requested_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "audience": document.audience,
        "archival": document.format == Document.Format.PDF_A,
    }
    context["assembled"] = assembled
    return render_to_string(template, context)


def _toc(chapters: list[dict]) -> list[dict]:
    entries = []
    for chapter in chapters:
        entries.append({"level": 1, "label": chapter["heading"], "anchor": chapter["anchor"]})
        for child in chapter.get("children", []):
            entries.append({"level": 2, "label": child["heading"], "anchor": child["anchor"]})
    return entries


def _chapter(number, key: str, title: str, anchor: str, **extra) -> dict:
    # Chapters are "3. Title", their sections "3.1 Title" (the Slovenian convention).
    heading = (
        title if not number else f"{number} {title}" if "." in str(number) else f"{number}. {title}"
    )
    return {
        "number": number,
        "key": key,
        "title": title,
        "heading": heading,
        "anchor": anchor,
        **extra,
    }


def _indicator_chart(indicator: dict, years: list[int], achieved: dict | None = None):
    planned = {t["year"]: t["value"] for t in indicator["year_targets"]}
    planned[indicator["target_year"]] = indicator["target_value"]
    baseline = (
        (indicator["baseline_year"], indicator["baseline_value"])
        if indicator["baseline_value"] is not None
        else None
    )
    chart_years = sorted({*years, *planned, *(achieved or {})})
    description = _("%(indicator)s: baseline %(baseline)s, target %(target)s in %(year)s") % {
        "indicator": indicator["name"],
        "baseline": format_number(indicator["baseline_value"]) if baseline else "–",
        "target": format_number(indicator["target_value"]),
        "year": indicator["target_year"],
    }
    if achieved:
        description += "; " + _("achieved: %(values)s") % {
            "values": ", ".join(
                f"{year}: {format_number(v)}" for year, v in sorted(achieved.items())
            )
        }
    return charts.indicator_chart(
        title=description,
        years=chart_years,
        achieved=achieved or {},
        planned=planned,
        baseline=baseline,
        whole=indicator["unit"] in Indicator.WHOLE_UNITS,
    )


def plan_context(data: dict) -> dict:
    """Numbered chapters: the plan's own chapters, then areas, programmes (one page
    each), funding and municipalities; the group as an annex. In a municipal
    strategy the areas, measures and funding are sections of the part that holds
    the measures (its title names them), so the strategy keeps its parts."""
    is_strategy = data["kind"] == "strategy"
    years = list(range(data["first_year"], data["last_year"] + 1))
    programmes = []
    for area in data["areas"]:
        for programme in area["programmes"]:
            programmes.append(
                {
                    **programme,
                    "anchor": f"programme-{programme['id']}",
                    "heading": f"{programme['number']} {programme['title']}",
                    "funding_table": funding_table([programme], years),
                    "funding_sources": sorted(
                        {line["source"] for line in programme["funding"]},
                        key=FundingSource.sort_key,
                    ),
                    "indicator_rows": programme["indicators"] or [None],
                    "charts": [
                        {"name": i["name"], "svg": _indicator_chart(i, years)}
                        for i in programme["indicators"]
                    ],
                }
            )
    structured = [
        ("areas", _("Areas of unmet need")),
        ("programmes", by_kind(data, _("Priority programmes"), _("Measures"))),
        ("funding", _("Funding by source and year")),
        ("municipalities", _("Municipalities covered")),
    ]
    host = None
    if is_strategy:
        host = next(
            (
                c["number"]
                for c in data["chapters"]
                if re.search(r"ukrep|measure", c["title"], re.I)
            ),
            None,
        )
    chapters = []
    for chapter in data["chapters"]:
        number = len(chapters) + 1
        entry = _chapter(
            number, "narrative", chapter["title"], f"chapter-{number}", body=chapter["body"]
        )
        if chapter["number"] == host:
            entry["sections"] = [
                _chapter(f"{number}.{n}", key, title, f"section-{key}")
                for n, (key, title) in enumerate(structured, 1)
            ]
        chapters.append(entry)
    if host is None:
        for key, title in structured:
            chapters.append(_chapter(len(chapters) + 1, key, title, f"section-{key}"))
    programme_entries = [{"label": p["heading"], "anchor": p["anchor"]} for p in programmes]
    toc = []
    for chapter in chapters:
        toc.append({"level": 1, "label": chapter["heading"], "anchor": chapter["anchor"]})
        if chapter["key"] == "programmes":
            toc.extend({"level": 2, **p} for p in programme_entries)
        for section in chapter.get("sections", []):
            toc.append({"level": 2, "label": section["heading"], "anchor": section["anchor"]})
            if section["key"] == "programmes":
                toc.extend({"level": 3, **p} for p in programme_entries)
    annex = _chapter(
        None,
        "group",
        by_kind(data, _("Annex: coordination group"), _("Annex: working group")),
        "annex-group",
    )
    toc.append({"level": 1, "label": annex["heading"], "anchor": annex["anchor"]})
    status_label = plan_status_label(data["kind"], data["status"])
    return {
        "doc": data,
        "chapters": chapters,
        "programmes": programmes,
        "annex": annex,
        "toc": toc,
        "status_label": status_label,
        "is_strategy": is_strategy,
        "years": years,
        "is_final": data["status"] in {"confirmed", "closed"},
    }


def _difference(planned: str | None, used: str | None) -> str | None:
    if used is None:
        return None
    return str(Decimal(used) - Decimal(planned or 0))


STATUS_ORDER = ["realised", "in_progress", "postponed", "abandoned", "not_started", ""]


def yearly_context(data: dict) -> dict:
    year = data["report"]["year"]
    counts = dict.fromkeys(STATUS_ORDER, 0)
    by_source: dict[str, list[Decimal]] = {}
    entries = []
    for entry in data["entries"]:
        counts[entry["status"] if entry["status"] in counts else ""] += 1
        planned = sum((Decimal(f["planned"] or 0) for f in entry["funding"]), Decimal(0))
        used = sum((Decimal(f["used"] or 0) for f in entry["funding"]), Decimal(0))
        for line in entry["funding"]:
            totals = by_source.setdefault(line["source"], [Decimal(0), Decimal(0)])
            totals[0] += Decimal(line["planned"] or 0)
            totals[1] += Decimal(line["used"] or 0)
        funding = [
            {**line, "difference": _difference(line["planned"], line["used"])}
            for line in entry["funding"]
        ]
        indicators = []
        for indicator in entry["indicators"]:
            achieved = dict(indicator["achieved_by_year"])
            planned_path = {t["year"]: t["value"] for t in indicator["year_targets"]}
            planned_path[indicator["target_year"]] = indicator["target_value"]
            rows = [
                {"year": y, "achieved": achieved.get(y), "planned": planned_path.get(y)}
                for y in sorted({*achieved, *planned_path})
            ]
            if indicator["baseline_value"] is not None:
                rows.insert(
                    0,
                    {
                        "year": indicator["baseline_year"],
                        "achieved": indicator["baseline_value"],
                        "planned": None,
                        "is_baseline": True,
                    },
                )
            indicators.append(
                {
                    **indicator,
                    "chart": _indicator_chart(indicator, data["years"], achieved),
                    "series": rows,
                }
            )
        entries.append(
            {
                **entry,
                "funding": funding,
                "anchor": f"programme-{entry['programme_id']}",
                "heading": f"{entry['number']} {entry['title']}",
                "indicators": indicators,
                "planned_total": str(planned),
                # None when no funds used were reported: "–", as on the programme's page.
                "used_total": str(used)
                if any(f["used"] is not None for f in entry["funding"])
                else None,
                "cents": has_cents(*((f["planned"], f["used"], f["difference"]) for f in funding)),
            }
        )
    sources = [
        {
            "source": source,
            "planned": str(totals[0]),
            "used": str(totals[1]),
            "difference": str(totals[1] - totals[0]),
        }
        for source, totals in sorted(
            by_source.items(), key=lambda item: FundingSource.sort_key(item[0])
        )
    ]
    planned_total = sum((Decimal(s["planned"]) for s in sources), Decimal(0))
    used_total = sum((Decimal(s["used"]) for s in sources), Decimal(0))
    working = data["audience"] == Document.Audience.WORKING
    chapters = [
        _chapter(1, "summary", _("Summary"), "chapter-summary"),
        _chapter(
            2,
            "programmes",
            by_kind(data["plan"], _("Programmes"), _("Measures")),
            "chapter-programmes",
            children=[{"heading": e["heading"], "anchor": e["anchor"]} for e in entries],
        ),
    ]
    if working:
        chapters.append(
            _chapter(3, "changes", _("Changed targets and their reasons"), "chapter-changes")
        )
    chapters.append(_chapter(len(chapters) + 1, "review", _("Review"), "chapter-review"))
    return {
        "doc": data,
        "year": year,
        "entries": entries,
        "counts": [{"status": s or "none", "count": counts[s]} for s in STATUS_ORDER],
        "counts_by_status": counts,
        "sources": sources,
        "planned_total": str(planned_total),
        "used_total": str(used_total),
        "difference_total": str(used_total - planned_total),
        "sources_cents": has_cents(
            *((s["planned"], s["used"], s["difference"]) for s in sources),
            [planned_total, used_total],
        ),
        "entries_cents": has_cents(*((e["planned_total"], e["used_total"]) for e in entries)),
        "stamps": [{**s, "action_label": label_action(s["action"])} for s in data["stamps"]],
        "users_reached": sum(e["users_reached"] or 0 for e in data["entries"]),
        "funding_chart": charts.funding_chart(
            title=_(
                "Funds planned and used in %(year)s by source: planned %(planned)s EUR, used %(used)s EUR"
            )
            % {
                "year": year,
                "planned": format_amount(planned_total),
                "used": format_amount(used_total),
            },
            rows=[(label("funding_source", s["source"]), s["planned"], s["used"]) for s in sources],
            legend=(_("planned"), _("used")),
        )
        if sources
        else "",
        "chapters": chapters,
        "toc": _toc(chapters),
        "working": working,
    }


def national_context(data: dict) -> dict:
    regions = data["regions"]
    with_plans = [
        {
            **r,
            "plans": [
                {**p, "status_label": plan_status_label(p["kind"], p["status"])} for p in r["plans"]
            ],
        }
        for r in regions
        if r["plans"]
    ]
    chapters = [
        _chapter(1, "summary", _("Summary"), "chapter-summary"),
        _chapter(
            2,
            "plans",
            _("Plans by region"),
            "chapter-plans",
            children=[{"heading": r["name"], "anchor": f"region-{r['code']}"} for r in with_plans],
        ),
        _chapter(3, "goals", _("Programmes by national goal"), "chapter-goals"),
        _chapter(4, "groups", _("Programmes by target group"), "chapter-groups"),
        _chapter(5, "reporting", _("Reporting by region"), "chapter-reporting"),
        _chapter(6, "indicators", _("Comparable indicators"), "chapter-indicators"),
    ]
    reporting = []
    for region in regions:
        filled = sum(r["entries_filled"] for r in region["reporting"])
        total = sum(r["entries_total"] for r in region["reporting"])
        reporting.append(
            {
                **region,
                "entries_filled": filled,
                "entries_total": total,
                "completeness": format_number(Decimal(100 * filled) / total, 0) if total else None,
                "rows": [
                    {
                        **r,
                        "status_label": report_status_label(r["status"]),
                        "completeness": format_number(
                            Decimal(100 * r["entries_filled"]) / r["entries_total"], 0
                        )
                        if r["entries_total"]
                        else None,
                    }
                    for r in region["reporting"]
                ],
            }
        )
    return {
        "doc": data,
        "regions": regions,
        "with_plans": with_plans,
        "without_plans": [r["name"] for r in regions if not r["plans"]],
        "reporting": reporting,
        "reports_due": sum(r["reports_due"] for r in regions),
        "reports_approved": sum(r["reports_approved"] for r in regions),
        "as_of": format_date(data["as_of"]),
        "chapters": chapters,
        "toc": _toc(chapters),
    }
