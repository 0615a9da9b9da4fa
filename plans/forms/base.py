import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from plans.kinds import by_kind, is_strategy
from plans.models import ChangeReason
from rin_portal.formatting import MINUS, separators

# Longest narrative text a field takes: ample for a chapter, far below a request's limit.
TEXT_LIMIT = 50_000


# A space (also a no-break or narrow one) grouping thousands, as in 12 345,6: before
# three digits and no fourth ("12 5" is not a number).
_SPACE_IN_NUMBER = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3}(?!\d))")
# Thousands grouped by `sep`: 1.234 · 1.234.567 (a first group of 0 is never grouping).
_GROUPS = {sep: re.compile(rf"-?[1-9]\d{{0,2}}(?:{re.escape(sep)}\d{{3}})+") for sep in ".,"}
# A number with an exponent, which Decimal reads ("1e5" is 100000, "1,5E2" 150).
_EXPONENT = re.compile(rf"\d[eE][+\-{MINUS}]?\d")


def _plain(text: str) -> str:
    """`text` without the spaces that group thousands, and with the minus sign that the
    portal shows negative numbers with (`formatting.MINUS`) as the hyphen people type:
    a number copied from a page reads as shown."""
    return _SPACE_IN_NUMBER.sub("", text.strip()).replace(MINUS, "-")


def read_number(text: str) -> str:
    """A number as typed, rewritten as Python reads one ("1234.56"); anything else comes
    back as typed, for the field to refuse with its own message.

    As the portal shows numbers in the active language (`rin_portal.formatting`): in
    Slovenian 1.234,56, in English 1,234.56; spaces may group thousands in both. What
    can be read only one way is read so in either language: 1.234,56 and 1,234.56 with
    both separators, 12,5 and 12.5 with one that cannot be grouping. Only "1.234" and
    "1,234" are read by the language: as a thousand and more where the language groups
    thousands so, as three decimals otherwise, which the fields refuse (no amount or
    value here has more than two): a number is never read a thousand times too large
    or too small without a word. "0.050" is never grouping."""
    value = _plain(text)
    if "," in value and "." in value:
        last = max(value.rfind(","), value.rfind("."))
        whole, fraction = value[:last], value[last + 1 :]
        group = "," if value[last] == "." else "."
        if _GROUPS[group].fullmatch(whole) and fraction.isascii() and fraction.isdigit():
            return f"{whole.replace(group, '')}.{fraction}"
        return value
    separator = "," if "," in value else "." if "." in value else None
    if separator is None:
        return value
    if separator == separators()[1] and _GROUPS[separator].fullmatch(value):
        return value.replace(separator, "")
    if value.count(separator) == 1:
        return value.replace(separator, ".")
    return value


def grouped_the_other_way(text: str) -> forms.ValidationError | None:
    """The error for a number grouped as the other language groups thousands ("1,234"
    typed in Slovenian, "1.234" in English): it has three decimals here, which no field
    takes. Saying only so ("give a whole number") left people who meant 1234 puzzled."""
    decimal = separators()[0]
    typed = _plain(text)
    if not _GROUPS[decimal].fullmatch(typed):
        return None
    plain = typed.replace(decimal, "")
    grouped = typed.replace(decimal, separators()[1])
    return forms.ValidationError(
        _(
            "“%(typed)s” has three decimal places. If you meant %(plain)s, type %(plain)s or %(grouped)s."
        ),
        code="grouped_the_other_way",
        params={"typed": text.strip(), "plain": plain, "grouped": grouped},
    )


def digits_error(text: str) -> forms.ValidationError | None:
    """The error for a number written with other characters than the digits 0–9 that
    Python would read all the same: other scripts' digits ("٣", "３"; "²" is refused
    anyway, but not as clearly) and exponents ("1e5"). Nobody means them in a report,
    and a value read from them is not what the portal shows back."""
    typed = text.strip()
    if any(character.isnumeric() and not character.isascii() for character in typed):
        message = _("Enter digits 0–9 only: “%(typed)s” has other digits.")
    elif _EXPONENT.search(typed):
        message = _("Enter the number in full with digits 0–9: “%(typed)s” has an exponent.")
    else:
        return None
    shown = typed if len(typed) <= 40 else f"{typed[:40]}…"
    return forms.ValidationError(message, code="digits_only", params={"typed": shown})


def show_number(value) -> str:
    """A stored number as the inputs show it: the language's decimal separator, no
    trailing zeros, no grouping (160.00 → 160; 3.50 → 3,5 in Slovenian, 3.5 in English)."""
    if isinstance(value, Decimal):
        value = (
            value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
        )
        return format(value, "f").replace(".", separators()[0])
    return value


class LocalDecimalField(forms.DecimalField):
    """A number as the portal shows it (`read_number`), in a plain text field: the
    browser's number field reads a decimal comma differently from one browser to
    another, and sends nothing at all for what it cannot read, which would empty the
    stored value without a word."""

    # Django's Slovenian says "ne bosta več kot 2 decimalnih mesti" and counts digits.
    default_error_messages = {
        "max_decimal_places": ngettext_lazy(
            "Give at most %(max)s decimal place.", "Give at most %(max)s decimal places.", "max"
        ),
        "max_digits": _("The number is too large."),
        "max_whole_digits": _("The number is too large."),
    }

    def __init__(self, *, attrs: dict | None = None, **kwargs):
        kwargs["localize"] = False  # read and shown by read_number and show_number
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", **(attrs or {})}),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str) and (
            error := digits_error(value) or grouped_the_other_way(value)
        ):
            raise error
        return super().to_python(read_number(value) if isinstance(value, str) else value)

    def prepare_value(self, value):
        return show_number(value)


class DigitsIntegerField(forms.IntegerField):
    """Django's whole-number field (years, months, days), refusing numbers written with
    other characters than 0–9 (`digits_error`), which `int()` reads: "٢٠١٨" is 2018."""

    def to_python(self, value):
        if isinstance(value, str) and (error := digits_error(value)):
            raise error
        return super().to_python(value)


def plain_digits(form: forms.BaseForm) -> None:
    """Give the form's visible fields of whole numbers, as its model made them, the
    check of `DigitsIntegerField`."""
    for name, field in list(form.fields.items()):
        if type(field) is forms.IntegerField and not field.widget.is_hidden:
            form.fields[name] = DigitsIntegerField(
                label=field.label,
                required=field.required,
                help_text=field.help_text,
                initial=field.initial,
                min_value=field.min_value,
                max_value=field.max_value,
                widget=field.widget,
            )


class LocalIntegerField(DigitsIntegerField):
    """A whole number as the portal shows it (1.234 or 1 234 in Slovenian), in a plain
    text field, for the same reasons as LocalDecimalField."""

    def __init__(self, *, attrs: dict | None = None, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", **(attrs or {})}),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        """Read as a number first: Django's own reading drops a point and zeros after it,
        so "1.000" in English (one, to three decimals) would be 1 where a Slovenian means
        a thousand. Decimals are refused, never rounded, as are numbers past 18 digits."""
        if isinstance(value, str) and (
            error := digits_error(value) or grouped_the_other_way(value)
        ):
            raise error
        if isinstance(value, str) and value.strip():
            text = read_number(value)
            try:
                number = Decimal(text)
            except InvalidOperation:
                number = None
            if (
                number is None
                or "." in text
                or not number.is_finite()
                or number.adjusted() > 18
                or number != number.to_integral_value()
            ):
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            value = int(number)
        return super().to_python(value)


# The largest id a row may have: a 64-bit integer, in SQLite and PostgreSQL alike.
LARGEST_ID = 2**63 - 1


class RowsChoiceField(forms.ModelMultipleChoiceField):
    """Rows chosen by their ids. An id no row can have is an unknown choice: Django asks
    the database for ids past 64 bits, which SQLite cannot even compare (a server error)."""

    def _check_values(self, value):
        for pk in value or ():
            try:
                too_large = abs(int(str(pk))) > LARGEST_ID
            except ValueError:
                continue  # not a number at all: Django's own check names it
            if too_large:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)


class VersionedForm(forms.ModelForm):
    """An edit form that carries the version it was loaded at, and asks for a reason
    when a confirmed plan's target, baseline or amount changes (`asks_reason`)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.ChoiceField(
        label=_("Reason for the change"),
        choices=[("", "---------"), *ChangeReason.choices],
        required=False,
        help_text=_(
            "Required when a target, a baseline or a planned amount of a confirmed plan changes."
        ),
    )
    reason_text = forms.CharField(
        label=_("Explanation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, plan, asks_reason: bool = False, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["version"].initial = self.instance.version
        if not asks_reason:
            del self.fields["reason"]
            del self.fields["reason_text"]
        elif is_strategy(plan):
            self.fields["reason"].help_text = _(
                "Required when a target, a baseline or a planned amount of an adopted strategy changes."
            )
        plain_digits(self)
        for name, field in list(self.fields.items()):
            if type(field) is forms.DecimalField:  # as the model made it
                self.fields[name] = LocalDecimalField(
                    label=field.label,
                    required=field.required,
                    help_text=field.help_text,
                    initial=field.initial,
                    max_digits=field.max_digits,
                    decimal_places=field.decimal_places,
                )
            if isinstance(field, forms.CharField) and field.max_length is None:
                field.max_length = TEXT_LIMIT
                field.validators.append(MaxLengthValidator(TEXT_LIMIT))
                field.widget.attrs.setdefault("maxlength", TEXT_LIMIT)

    # Fields the form template shows in their own fieldsets rather than in the main list.
    grouped_fields: tuple[str, ...] = ("reason", "reason_text")

    @property
    def main_fields(self):
        return [field for field in self.visible_fields() if field.name not in self.grouped_fields]

    def year_choices_error(self, first: int | None, last: int | None) -> None:
        for name, year in (("first_year", first), ("last_year", last)):
            if year is not None and not (self.plan.first_year <= year <= self.plan.last_year):
                self.add_error(
                    name,
                    by_kind(
                        self.plan,
                        _("The year must lie within the plan's period, %(first)s–%(last)s."),
                        _("The year must lie within the strategy's period, %(first)s–%(last)s."),
                    )
                    % {"first": self.plan.first_year, "last": self.plan.last_year},
                )
        if first is not None and last is not None and last < first:
            self.add_error("last_year", _("The last year cannot be before the first."))


def typeahead(multiple: bool = False) -> forms.Widget:
    """A select that the browser turns into a type-ahead picker (static/js/portal.js)."""
    widget = forms.SelectMultiple if multiple else forms.Select
    return widget(attrs={"data-typeahead": "1"})


class DeleteForm(forms.Form):
    """Confirms a deletion of the version the user saw (and why, after confirmation)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.ChoiceField(label=_("Reason"), choices=ChangeReason.choices)
    reason_text = forms.CharField(
        label=_("Explanation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, asks_reason: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not asks_reason:
            del self.fields["reason"]
            del self.fields["reason_text"]


class MoveForm(forms.Form):
    """Moves a part one place up or down; carries the order the user saw."""

    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])
    order = forms.CharField(max_length=20000)

    def clean_order(self) -> list[int]:
        try:
            return [int(pk) for pk in self.cleaned_data["order"].split(",") if pk]
        except ValueError:
            raise forms.ValidationError("bad order") from None
