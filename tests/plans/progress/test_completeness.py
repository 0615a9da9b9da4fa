from decimal import Decimal

from plans.models import IndicatorYearTarget
from plans.progress import checks, services

from .conftest import add_programme, complete_input, entries_of


def _problems(report, staff, **changes):
    entries = entries_of(report)
    services.report_save(
        report=report, user=staff, entries=[complete_input(e, **changes) for e in entries]
    )
    return [(p.field, p.message) for p in checks.report_problems(entries_of(report), report.year)]


def test_an_untouched_entry_lacks_its_status(report):
    problems = checks.report_problems(entries_of(report), report.year)
    assert [(p.field, p.message) for p in problems] == [("status", "Choose the status.")]


def test_a_complete_entry_has_no_problems(report, staff):
    assert _problems(report, staff) == []


def test_work_in_progress_needs_what_was_done_and_the_values(report, staff):
    [entry] = entries_of(report)
    indicator = entry.programme.indicators.get()
    problems = _problems(report, staff, achievements="", values={indicator.pk: None})
    assert problems == [
        ("achievements", "Describe what was done."),
        (f"value_{indicator.pk}", "Enter the achieved value of “Število centrov”."),
    ]


def test_a_programme_not_started_needs_no_values(report, staff):
    [entry] = entries_of(report)
    indicator = entry.programme.indicators.get()
    problems = _problems(
        report, staff, status="not_started", achievements="", values={indicator.pk: None}
    )
    assert problems == []


def test_postponed_or_abandoned_needs_an_explanation(report, staff):
    for status in ("postponed", "abandoned"):
        problems = _problems(report, staff, status=status)
        assert problems == [
            ("explanation", "Explain why the programme was postponed or abandoned.")
        ]
    assert _problems(report, staff, status="abandoned", explanation="Ni izvajalca.") == []


def test_a_value_below_its_yearly_target_needs_an_explanation(confirmed_plan, staff):
    programme = add_programme(confirmed_plan)
    report = services.report_open(plan=confirmed_plan, year=2017, user=staff)
    indicator = programme.indicators.get()
    entries = entries_of(report)
    data = [complete_input(e) for e in entries]
    data[1].values[indicator.pk] = Decimal(40)  # the yearly target for 2017 is 50
    services.report_save(report=report, user=staff, entries=data)
    problems = checks.report_problems(entries_of(report), 2017)
    assert [p.message for p in problems] == [
        "“Delež: Dnevni center” reached 40 against a target of 50 for 2017: explain why."
    ]
    data[1].explanation = "Zamuda pri zaposlovanju."
    data[1].version += 1
    services.report_save(report=report, user=staff, entries=[data[1]])
    assert checks.report_problems(entries_of(report), 2017) == []


def test_the_final_target_counts_only_in_its_year(confirmed_plan, staff):
    [programme] = confirmed_plan.programmes.all()
    indicator = programme.indicators.get()  # count, target 4 in 2020, no yearly targets
    for year, missing in ((2019, False), (2020, True)):
        report = services.report_open(plan=confirmed_plan, year=year, user=staff)
        [entry] = entries_of(report)
        data = complete_input(entry, values={indicator.pk: Decimal(3)})
        services.report_save(report=report, user=staff, entries=[data])
        problems = checks.report_problems(entries_of(report), year)
        assert bool(problems) is missing


def test_a_decreasing_indicator_misses_when_above_target(confirmed_plan, staff):
    programme = add_programme(confirmed_plan)
    indicator = programme.indicators.get()
    indicator.direction = "decrease"
    indicator.save()
    IndicatorYearTarget.objects.filter(indicator=indicator).update(value=Decimal(20))
    report = services.report_open(plan=confirmed_plan, year=2017, user=staff)
    entries = entries_of(report)
    data = [complete_input(e) for e in entries]
    data[1].values[indicator.pk] = Decimal(30)
    services.report_save(report=report, user=staff, entries=data)
    assert len(checks.report_problems(entries_of(report), 2017)) == 1
