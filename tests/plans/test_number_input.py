"""Numbers typed as the portal shows them: in Slovenian a decimal comma and thousands
grouped by points, in English the other way round; what can mean one thing only is read
so in either language."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from plans.forms.base import LocalDecimalField, LocalIntegerField
from plans.models import FundingLine


# Written one way only: read alike in either language.
@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("1.234,56", Decimal("1234.56")),
        ("1,234.56", Decimal("1234.56")),
        ("1.234.567,8", Decimal("1234567.8")),
        ("12 345,6", Decimal("12345.6")),
        ("12\u00a0345", Decimal(12345)),
        ("1234,56", Decimal("1234.56")),
        ("1234.56", Decimal("1234.56")),
        ("3,5", Decimal("3.5")),
        ("0.05", Decimal("0.05")),
        ("0,5", Decimal("0.5")),
    ],
)
@pytest.mark.parametrize("language", ["sl", "en"])
def test_reads_numbers_written_one_way_only_in_either_language(typed, read, language):
    field = LocalDecimalField(max_digits=14, decimal_places=2)
    with translation.override(language):
        assert field.clean(typed) == read


# "54.000" is 54 thousand to a Slovenian and "54,000" to an English reader; each reads
# the other's as three decimals, which the fields refuse: never a thousand times off.
@pytest.mark.parametrize(
    ("language", "typed", "read"),
    [
        ("sl", "54.000", Decimal(54000)),
        ("sl", "-1.500", Decimal(-1500)),
        ("en", "54,000", Decimal(54000)),
        ("en", "1,234,567.8", Decimal("1234567.8")),
    ],
)
def test_reads_thousands_as_the_language_groups_them(language, typed, read):
    field = LocalDecimalField(max_digits=14, decimal_places=2)
    with translation.override(language):
        assert field.clean(typed) == read


@pytest.mark.parametrize(
    ("language", "typed"),
    [
        *(
            (language, typed)
            for language in ("sl", "en")
            for typed in ("1.2.3", "12,345,6", "pet", "1.23456", "0.050", "1.2,3,4", "12 5")
        ),
        ("sl", "1,234"),
        ("en", "1.234"),
        ("en", "54.000"),
    ],
)
def test_refuses_what_is_not_a_number_or_could_be_a_thousand_times_off(language, typed):
    field = LocalDecimalField(max_digits=14, decimal_places=2)
    with translation.override(language), pytest.raises(ValidationError):
        field.clean(typed)


@pytest.mark.parametrize(
    ("language", "typed", "read"),
    [
        ("sl", "1.234", 1234),
        ("en", "1,234", 1234),
        ("sl", "1 234", 1234),
        ("en", "1 234", 1234),
        ("sl", "1 234 567", 1234567),
        ("sl", "0", 0),
        ("sl", "", None),
    ],
)
def test_reads_whole_numbers(language, typed, read):
    with translation.override(language):
        assert LocalIntegerField(required=False).clean(typed) == read


@pytest.mark.parametrize("typed", ["12-", "12,5", "1.23", "veliko", "12 5", "1e30", "NaN"])
@pytest.mark.parametrize("language", ["sl", "en"])
def test_refuses_what_is_not_a_whole_number(typed, language):
    with translation.override(language), pytest.raises(ValidationError):
        LocalIntegerField(required=False).clean(typed)


# A thousand as the other language writes it is three decimals here: refused, not 1.
@pytest.mark.parametrize(
    ("language", "typed"), [("en", "1.000"), ("sl", "1,000"), ("en", "12.000")]
)
def test_refuses_a_whole_number_written_the_other_languages_way(language, typed):
    with translation.override(language), pytest.raises(ValidationError):
        LocalIntegerField(required=False).clean(typed)


def test_stored_numbers_show_in_the_languages_way_without_trailing_zeros():
    field = LocalDecimalField(max_digits=14, decimal_places=2)
    with translation.override("sl"):
        assert field.prepare_value(Decimal("1234.00")) == "1234"
        assert field.prepare_value(Decimal("12.50")) == "12,5"
        assert field.prepare_value("12-") == "12-"  # what was typed, shown back
    with translation.override("en"):
        assert field.prepare_value(Decimal("12.50")) == "12.5"


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


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1,2345", "Vnesite največ 2 decimalni mesti."),  # not "ne bosta … decimalnih mesti"
        # A thousand grouped as in English: what it is here, and how to type 1234.
        ("1,234", "»1,234« ima tri decimalna mesta. Če ste mislili 1234, vnesite 1234 ali 1.234."),
        ("1.000.000.000.000", "Število je preveliko."),  # not "12 števk pred decimalno vejico"
    ],
)
def test_a_number_that_does_not_fit_is_refused_in_plain_slovenian(typed, message):
    field = LocalDecimalField(max_digits=14, decimal_places=2)
    with translation.override("sl"), pytest.raises(ValidationError) as refused:
        field.clean(typed)
    with translation.override("sl"):
        assert refused.value.messages == [message]


def test_a_whole_number_grouped_the_other_way_says_how_to_type_it():
    """ "1.234" on the English pages is not a thousand: the error says how to type one."""
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        LocalIntegerField(required=False).clean("1.234")
    with translation.override("en"):
        assert refused.value.messages == [
            "“1.234” has three decimal places. If you meant 1234, type 1234 or 1,234."
        ]


# Python reads other scripts' digits and exponents as numbers; the portal shows neither.
OTHER_CHARACTERS = [
    ("1e5", "Enter the number in full with digits 0–9: “1e5” has an exponent."),
    ("2E3", "Enter the number in full with digits 0–9: “2E3” has an exponent."),
    ("1,5e2", "Enter the number in full with digits 0–9: “1,5e2” has an exponent."),
    ("5e-1", "Enter the number in full with digits 0–9: “5e-1” has an exponent."),
    ("٣", "Enter digits 0–9 only: “٣” has other digits."),  # Arabic-Indic 3
    ("١٢٣", "Enter digits 0–9 only: “١٢٣” has other digits."),
    ("３", "Enter digits 0–9 only: “３” has other digits."),  # fullwidth 3
    ("𝟓", "Enter digits 0–9 only: “𝟓” has other digits."),  # mathematical bold 5
    ("²", "Enter digits 0–9 only: “²” has other digits."),
    ("10²", "Enter digits 0–9 only: “10²” has other digits."),
]


@pytest.mark.parametrize(("typed", "message"), OTHER_CHARACTERS)
@pytest.mark.parametrize(
    "field",
    [
        lambda: LocalDecimalField(max_digits=14, decimal_places=2),
        lambda: LocalIntegerField(required=False),
    ],
    ids=["decimal", "whole"],
)
@pytest.mark.parametrize("language", ["sl", "en"])
def test_refuses_other_characters_than_the_digits_0_to_9(typed, message, field, language):
    with translation.override(language), pytest.raises(ValidationError) as refused:
        field().clean(typed)
    assert refused.value.error_list[0].code == "digits_only"
    with translation.override("en"):
        assert refused.value.messages == [message]


def test_what_was_read_before_still_is():
    """Negatives, grouping and the other language's grouping message are as they were."""
    field = LocalDecimalField(max_digits=14, decimal_places=2)
    with translation.override("sl"):
        assert field.clean("-12,5") == Decimal("-12.5")
        assert field.clean("1 234,5") == Decimal("1234.5")
        with pytest.raises(ValidationError) as refused:
            field.clean("1,234")
    assert refused.value.error_list[0].code == "grouped_the_other_way"
    with translation.override("en"):
        assert LocalIntegerField(required=False).clean("-1,234") == -1234


def test_a_long_text_of_other_digits_is_shown_shortened():
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        LocalIntegerField(required=False).clean("٣" * 5000)
    with translation.override("en"):
        assert refused.value.messages == [f"Enter digits 0–9 only: “{'٣' * 40}…” has other digits."]


def test_a_year_in_other_digits_is_refused_on_the_form(client, member, plan):
    """Years, months and days are whole-number fields of Django's, which read "٢٠١٨"."""
    programme = plan.programmes.get()
    client.cookies["django_language"] = "en"
    client.force_login(member)
    url = reverse("plans:programme_content_create", args=[plan.slug, programme.pk, "financiranje"])
    data = {"version": "", "source": "municipalities", "year": "٢٠١٨", "planned_amount": "5"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Enter digits 0–9 only: “٢٠١٨” has other digits." in response.content.decode()
    assert not FundingLine.objects.filter(programme=programme, year=2018).exists()


def test_an_amount_with_an_exponent_is_refused_on_the_form(client, member, plan):
    programme = plan.programmes.get()
    client.cookies["django_language"] = "en"
    client.force_login(member)
    url = reverse("plans:programme_content_create", args=[plan.slug, programme.pk, "financiranje"])
    data = {"version": "", "source": "municipalities", "year": "2018", "planned_amount": "5e4"}
    page = client.post(url, data).content.decode()
    assert "Enter the number in full with digits 0–9: “5e4” has an exponent." in page
    assert not FundingLine.objects.filter(programme=programme, year=2018).exists()


@pytest.mark.parametrize("language", ["sl", "en"])
def test_reads_the_minus_sign_the_pages_show_as_a_hyphen(language):
    """Pages show −1.500 with the minus sign (U+2212); copied into a field, it reads."""
    grouped = "−1.500,5" if language == "sl" else "−1,500.5"
    with translation.override(language):
        assert LocalDecimalField(max_digits=14, decimal_places=2).clean(grouped) == Decimal(
            "-1500.5"
        )
        assert LocalDecimalField(max_digits=14, decimal_places=2).clean("-7") == Decimal(-7)
        assert LocalIntegerField(required=False).clean("−1 234") == -1234


def test_an_input_shows_a_negative_number_with_a_hyphen():
    """What a field holds is typed text, which people edit with the hyphen they type."""
    with translation.override("sl"):
        assert (
            LocalDecimalField(max_digits=14, decimal_places=2).prepare_value(Decimal("-12.50"))
            == "-12,5"
        )


def test_the_other_languages_grouping_of_a_negative_number_says_how_to_type_it():
    with translation.override("sl"), pytest.raises(ValidationError) as refused:
        LocalDecimalField(max_digits=14, decimal_places=2).clean("−1,234")
    assert refused.value.error_list[0].code == "grouped_the_other_way"
