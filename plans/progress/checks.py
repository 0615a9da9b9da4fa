"""What a yearly report still lacks before it can be submitted (the completeness list).

The rules read plain values, so the grid, the dashboard, the spreadsheet preview and
the submission check all apply the same ones.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from plans.kinds import by_kind
from plans.models import Indicator, Plan, ReportEntry
from plans.validation import value_error
from rin_portal.formatting import format_number
from rin_portal.prefetch import rows_of

# Statuses under which work happened: what was done and the achieved values are due.
ACTIVE_STATUSES = frozenset({ReportEntry.Status.IN_PROGRESS, ReportEntry.Status.REALISED})


@dataclass(frozen=True)
class Problem:
    entry_id: int
    field: str  # the form field to jump to: "status", "explanation", "value_<id>", …
    message: str


def target_for(indicator: Indicator, year: int) -> Decimal | None:
    """The indicator's target for `year`: its yearly target, else its final target in the
    target year; expects `year_targets` prefetched."""
    for target in rows_of(indicator, "year_targets"):
        if target.year == year:
            return target.value
    if indicator.target_year == year:
        return indicator.target_value
    return None


def missed_targets(entry: ReportEntry, values: dict[int, Decimal | None], year: int) -> list:
    """(indicator, value, target) for every value that falls short of its target."""
    missed = []
    for indicator in rows_of(entry.programme, "indicators"):
        value = values.get(indicator.pk)
        target = target_for(indicator, year)
        if value is not None and target is not None and indicator.misses(value, target):
            missed.append((indicator, value, target))
    return missed


def entry_problems(
    entry: ReportEntry,
    *,
    year: int,
    status: str,
    achievements: str,
    explanation: str,
    values: dict[int, Decimal | None],
    kind: str = Plan.Kind.RIN,
) -> list[Problem]:
    """Everything the entry still lacks. `entry` gives the programme and its indicators
    (prefetched with their yearly targets); the other arguments are its content, and
    `kind` the plan's (a strategy's programme is a measure)."""
    problems = []

    def add(field: str, message: str) -> None:
        problems.append(Problem(entry.pk, field, message))

    if not status:
        add("status", _("Choose the status."))
    if status in ACTIVE_STATUSES and not achievements.strip():
        add("achievements", _("Describe what was done."))
    if status in ReportEntry.EXPLAINED_STATUSES and not explanation.strip():
        add(
            "explanation",
            by_kind(
                kind,
                _("Explain why the programme was postponed or abandoned."),
                _("Explain why the measure was postponed or abandoned."),
            ),
        )
    for indicator in rows_of(entry.programme, "indicators"):
        value = values.get(indicator.pk)
        if value is None:
            if status in ACTIVE_STATUSES:
                add(
                    f"value_{indicator.pk}",
                    _("Enter the achieved value of “%(indicator)s”.")
                    % {"indicator": indicator.name},
                )
        elif error := value_error(indicator.unit, value):
            add(f"value_{indicator.pk}", f"{indicator.name}: {error}")
    if not explanation.strip():
        for indicator, value, target in missed_targets(entry, values, year):
            add(
                "explanation",
                _(
                    "“%(indicator)s” reached %(value)s against a target of %(target)s for %(year)s: explain why."
                )
                % {
                    "indicator": indicator.name,
                    "value": format_number(value),
                    "target": format_number(target),
                    "year": year,
                },
            )
    return problems


def stored_entry_problems(
    entry: ReportEntry, year: int, kind: str = Plan.Kind.RIN
) -> list[Problem]:
    """The problems of an entry as stored; expects `values` prefetched."""
    return entry_problems(
        entry,
        kind=kind,
        year=year,
        status=entry.status,
        achievements=entry.achievements,
        explanation=entry.explanation,
        values={value.indicator_id: value.achieved_value for value in rows_of(entry, "values")},
    )


def report_problems(
    entries: list[ReportEntry], year: int, kind: str = Plan.Kind.RIN
) -> list[Problem]:
    problems = []
    for entry in entries:
        problems.extend(stored_entry_problems(entry, year, kind))
    return problems
