"""Numbers typed as Slovenians write them: decimal comma, thousands grouped by points."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from plans.forms.base import LocalDecimalField
from plans.models import FundingLine


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("54.000", Decimal(54000)),
        ("1.234,56", Decimal("1234.56")),
        ("1.234.567,8", Decimal("1234567.8")),
        ("12 345,6", Decimal("12345.6")),
        ("12\u00a0345", Decimal(12345)),
        ("1234,56", Decimal("1234.56")),
        ("1234.56", Decimal("1234.56")),
        ("3,5", Decimal("3.5")),
        ("-1.500", Decimal(-1500)),
    ],
)
def test_reads_slovenian_numbers(typed, read):
    field = LocalDecimalField(max_digits=14, decimal_places=2)
    with translation.override("sl"):
        assert field.clean(typed) == read


@pytest.mark.parametrize("typed", ["1.2.3", "12,345,6", "pet", "1.23456"])
def test_refuses_what_is_not_a_number(typed):
    field = LocalDecimalField(max_digits=14, decimal_places=2)
    with translation.override("sl"), pytest.raises(Exception, match="število|decimal"):
        field.clean(typed)


def test_a_planned_amount_with_thousands_is_saved(client, member, plan):
    programme = plan.programmes.get()
    client.force_login(member)
    url = reverse("plans:programme_content_create", args=[plan.slug, programme.pk, "financiranje"])
    response = client.post(
        url, {"version": "", "source": "municipalities", "year": "2018", "planned_amount": "54.000"}
    )
    assert response.status_code == 302
    assert FundingLine.objects.get(programme=programme, year=2018).planned_amount == 54000


def test_the_planned_amount_is_a_text_field_with_a_decimal_keyboard(client, member, plan):
    programme = plan.programmes.get()
    client.force_login(member)
    url = reverse("plans:programme_content_create", args=[plan.slug, programme.pk, "financiranje"])
    page = client.get(url).content.decode()
    assert 'name="planned_amount"' in page and 'inputmode="decimal"' in page
    assert 'type="number" name="planned_amount"' not in page
