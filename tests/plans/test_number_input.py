"""Numbers typed as Slovenians write them: decimal comma, thousands grouped by points,
read alike in either language of the interface, as the portal shows them."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from plans.forms.base import LocalDecimalField, LocalIntegerField
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
        ("1,234.56", Decimal("1234.56")),  # English grouping: nothing else it could mean
        ("0.05", Decimal("0.05")),
        ("0,5", Decimal("0.5")),
    ],
)
@pytest.mark.parametrize("language", ["sl", "en"])
def test_reads_slovenian_numbers_in_either_language(typed, read, language):
    field = LocalDecimalField(max_digits=14, decimal_places=2)
    with translation.override(language):
        assert field.clean(typed) == read


# "0.050" is not 50 and "1,234" is not 1234: each has three decimals, which is refused
# rather than read as thousands.
@pytest.mark.parametrize("typed", ["1.2.3", "12,345,6", "pet", "1.23456", "0.050", "1,234"])
@pytest.mark.parametrize("language", ["sl", "en"])
def test_refuses_what_is_not_a_number(typed, language):
    field = LocalDecimalField(max_digits=14, decimal_places=2)
    with translation.override(language), pytest.raises(ValidationError):
        field.clean(typed)


@pytest.mark.parametrize(
    ("typed", "read"), [("1.234", 1234), ("1 234", 1234), ("1234", 1234), ("0", 0), ("", None)]
)
def test_reads_whole_numbers(typed, read):
    assert LocalIntegerField(required=False).clean(typed) == read


@pytest.mark.parametrize("typed", ["12-", "12,5", "1.23", "veliko"])
def test_refuses_what_is_not_a_whole_number(typed):
    with pytest.raises(ValidationError):
        LocalIntegerField(required=False).clean(typed)


@pytest.mark.parametrize("language", ["sl", "en"])
def test_stored_numbers_show_with_a_decimal_comma_and_no_trailing_zeros(language):
    field = LocalDecimalField(max_digits=14, decimal_places=2)
    with translation.override(language):
        assert field.prepare_value(Decimal("1234.00")) == "1234"
        assert field.prepare_value(Decimal("12.50")) == "12,5"
        assert field.prepare_value("12-") == "12-"  # what was typed, shown back


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
