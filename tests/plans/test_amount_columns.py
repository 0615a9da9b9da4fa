"""A table of amounts writes all of them alike: with cents when any of them has cents
(30.001,00 under 15.000,50, not 30.001), without when none has."""

from decimal import Decimal

from django.utils import translation

from plans.models import FundingLine
from plans.progress import selectors as progress_selectors
from plans.progress import services as progress
from reports import services as documents
from rin_portal.formatting import format_amount, format_number, has_cents

from ..builders import complete_input, make_programme
from ..reports.conftest import content, page_texts, reader, rendered


def test_a_negative_number_is_shown_with_the_minus_sign():
    assert format_amount(Decimal("-100.50")) == "−100,50"
    assert format_amount(Decimal("-1500")) == "−1.500"
    assert format_number(Decimal("-12.5")) == "−12,5" and format_number(-3) == "−3"
    # Nothing below zero once rounded to what is shown, and no "−0".
    assert format_amount(Decimal("-0.001")) == "0,00" and format_number("-0") == "0"
    with translation.override("en"):
        assert format_amount(Decimal("-1500.5")) == "−1,500.50"


def test_the_pages_filters_show_the_minus_sign():
    """Every page and PDF formats its numbers through these filters."""
    from django.template import Context, Template

    template = Template("{% load rin %}{{ a|eur:True }} {{ n|num }} {{ p|num }}")
    context = Context({"a": "-100.5", "n": Decimal("-4"), "p": 4})
    assert template.render(context) == "−100,50 −4 4"


def test_an_amount_has_cents_only_when_its_table_does():
    assert format_amount(Decimal("30001")) == "30.001"
    assert format_amount(Decimal("30001"), cents=True) == "30.001,00"
    assert format_amount(Decimal("15000.50")) == "15.000,50"
    assert has_cents([Decimal(1), None, ""], ["2.50"]) and not has_cents([Decimal(1), "2"])


def test_the_plans_funding_table_writes_every_amount_with_cents_when_one_has(
    client, member, plan, saved
):
    programme = plan.programmes.get()  # ministry 2017: 1.000
    client.force_login(member)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert '<td class="number">1.000</td>' in page and "1.000,00" not in page
    saved(
        FundingLine.objects.create,
        programme=programme,
        source="municipalities",
        year=2017,
        planned_amount=Decimal("15000.50"),
    )
    page = client.get(plan.get_absolute_url()).content.decode()
    assert '<td class="number">1.000,00</td>' in page  # in the programme's and the plan's tables
    assert "15.000,50" in page and "16.000,50" in page  # the total


def test_the_yearly_report_pdf_writes_its_funds_tables_and_chart_alike(confirmed_plan, staff):
    FundingLine.objects.filter(programme__plan=confirmed_plan).update(
        planned_amount=Decimal("1000.50")
    )
    make_programme(confirmed_plan, title="Dnevni center")  # ministry 2017: 1.000, none used
    report = progress.report_open(plan=confirmed_plan, year=2017, user=staff)
    entry, _unreported = progress_selectors.report_entries(report)
    progress.report_save(report=report, user=staff, entries=[complete_input(entry)])  # 900 used
    document = documents.document_request_yearly(
        user=None, report=report, format="pdf", audience="working"
    )
    text = " ".join(page_texts(reader(content(rendered(document)))))
    # The difference is negative: set with the minus sign, as print does, not a hyphen.
    assert "1.000,50 900,00 −100,50" in text and "-100,50" not in text
    assert " 900 " not in f" {text} "
    # The summary row of a programme that reported no funds used: "–", as on its page.
    assert "1.000,00 –" in text
