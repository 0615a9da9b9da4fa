import re

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from plans.models import ChangeReason

# Longest narrative text a field takes: ample for a chapter, far below a request's limit.
TEXT_LIMIT = 50_000


# 1.234 · 12.345,6 · 1.234.567,89: points grouping thousands, as Slovenians write them.
_GROUPED = re.compile(r"-?\d{1,3}(?:\.\d{3})+(?:,\d*)?")
# A space (also a no-break or narrow one) between digits, as in 12 345,6.
_SPACE_IN_NUMBER = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d)")


class LocalDecimalField(forms.DecimalField):
    """A number as written in Slovenian: a decimal comma (a point is read too) and
    thousands grouped with points or spaces: 1.234,56, 1 234,56, 1234,56 and 1234.56.

    Grouping is read only where it cannot be meant otherwise: "1.234" has three decimals,
    more than any amount or value here may have. A plain text field, not the browser's
    number field, which reads a decimal comma differently from one browser to another."""

    def __init__(self, *, attrs: dict | None = None, **kwargs):
        kwargs.setdefault("localize", True)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", **(attrs or {})}),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = _SPACE_IN_NUMBER.sub("", value.strip())
            if _GROUPED.fullmatch(value):
                value = value.replace(".", "")
        return super().to_python(value)


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
                    _("The year must lie within the plan's period, %(first)s–%(last)s.")
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
