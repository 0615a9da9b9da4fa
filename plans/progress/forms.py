"""Forms of yearly progress. They validate and convert; services do the writing."""

import copy

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from plans.forms.base import TEXT_LIMIT, LocalDecimalField, LocalIntegerField
from plans.kinds import is_strategy
from plans.models import FundingSource, Plan, ReportEntry
from plans.validation import value_error
from rin_portal.formatting import format_amount
from rin_portal.forms import WeakFormBoundField
from rin_portal.prefetch import rows_of

from .checks import target_for
from .evidence import evidence_error
from .state import (
    ENTRY_FIELDS,
    EntryInput,
    entry_state,
    field_choices,
    fingerprint,
    input_state,
    normalise_text,
)

# The most files one save may add to one entry.
MAX_FILES_PER_ENTRY = 10


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


def _text(label, rows: int = 3, **kwargs) -> forms.CharField:
    field = forms.CharField(
        label=label,
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": TEXT_LIMIT}),
        **kwargs,
    )
    field.validators.append(MaxLengthValidator(TEXT_LIMIT))
    return field


def _number(label, **attrs) -> LocalDecimalField:
    return LocalDecimalField(
        label=label,
        required=False,
        max_digits=14,
        decimal_places=2,
        attrs={"class": "form-control", **attrs},
    )


def _copy(prototype: forms.Field, **attributes) -> forms.Field:
    """A form's own copy of `prototype`, as a form copies its class's fields (its own
    widget, widget attributes, validators and error messages): building each field
    anew cost the grid more than its queries (13 fields for each of 40 entries)."""
    field = _clone(prototype)
    for name, value in attributes.items():
        setattr(field, name, value)
    return field


# The classes whose __deepcopy__ `_clone` does the same as: Django's own fields' and
# widgets' (a field's widget, its attributes, error messages, validators and choices are
# the copy's own; the rest is shared, as deepcopy shares it). Others are deep-copied.
_SIMPLE_COPIES = frozenset({forms.Field.__deepcopy__, forms.ChoiceField.__deepcopy__})
_SIMPLE_WIDGET_COPIES = frozenset(
    {forms.Widget.__deepcopy__, forms.widgets.ChoiceWidget.__deepcopy__}
)


def _clone(prototype: forms.Field) -> forms.Field:
    """What `copy.deepcopy(prototype)` gives a form, without copy's general machinery
    (`__reduce_ex__` and a memo for every attribute): a grid of 40 entries copies 880
    fields, which took 44 ms of the page's 300 with deepcopy."""
    widget = prototype.widget
    if (
        type(prototype).__deepcopy__ not in _SIMPLE_COPIES
        or type(widget).__deepcopy__ not in _SIMPLE_WIDGET_COPIES
    ):
        return copy.deepcopy(prototype)
    field = object.__new__(type(prototype))
    field.__dict__.update(prototype.__dict__)
    field.widget = object.__new__(type(widget))
    field.widget.__dict__.update(widget.__dict__)
    field.widget.attrs = widget.attrs.copy()
    field.error_messages = prototype.error_messages.copy()
    field.validators = prototype.validators[:]
    for owner in (field, field.widget):
        for name in ("_choices", "choices"):
            if isinstance(owner.__dict__.get(name), list):
                owner.__dict__[name] = owner.__dict__[name][:]
    return field


class _Prototypes(dict):
    """A form class's fields (`base_fields`), which each form copies with `_clone`."""

    def __deepcopy__(self, memo):
        return {name: _clone(field) for name, field in self.items()}


# The grid's fields made per entry, copied for each (`_copy`); labels are lazy.
_VALUE = _number("")
_FUNDS = {source: _number(label) for source, label in FundingSource.choices}
_REMOVE_EVIDENCE = forms.TypedMultipleChoiceField(
    label=_("Remove"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
)


class EntryForm(forms.Form):
    """One programme's entry in the yearly grid.

    `loaded` fingerprints the entry as the user loaded it: a save leaves alone the
    entries the user did not touch, and claims the `version` of those they did.
    """

    bound_field_class = WeakFormBoundField  # (a page holds forty: no cycles)

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    loaded = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("– choose –")), *ReportEntry.Status.choices],
    )
    achievements = _text(_("What was done"))
    obstacles = _text(_("Obstacles"), rows=2)
    explanation = _text(
        _("Explanation"),
        help_text=_("Required when postponed or abandoned, or when a value misses its target."),
    )
    users_reached = LocalIntegerField(
        label=_("Users reached"), required=False, min_value=0, max_value=2_000_000_000
    )
    evidence = MultipleFileField(
        label=_("Add evidence"),
        required=False,
        help_text=_("PDF, images or office documents."),
    )

    def __init__(
        self,
        *args,
        entry: ReportEntry,
        year: int,
        planned: dict | None = None,
        kind: str = Plan.Kind.RIN,
        **kwargs,
    ):
        kwargs.setdefault("prefix", f"e{entry.pk}")
        super().__init__(*args, **kwargs)
        if is_strategy(kind):  # Slovenian names the measure (ukrep), not the programme
            self.fields["explanation"].help_text = pgettext(
                "strategy",
                "Required when postponed or abandoned, or when a value misses its target.",
            )
        self.entry, self.year = entry, year
        self.planned = planned or {}
        self.indicators = list(rows_of(entry.programme, "indicators"))
        for indicator in self.indicators:
            self.fields[f"value_{indicator.pk}"] = _copy(
                _VALUE, label=f"{indicator.name} ({indicator.unit_display})"
            )
        used = {line.source: line.amount_used for line in rows_of(entry, "funding")}
        for source, prototype in _FUNDS.items():
            field = self.fields[f"fund_{source}"] = _copy(prototype)
            if self.planned.get(source) is not None:
                field.help_text = gettext("Planned: %(amount)s EUR") % {
                    "amount": format_amount(self.planned[source])
                }
        self.shown_sources = [s for s in FundingSource.values if s in self.planned or s in used]
        # The grid prefetches evidence (selectors.report_entries(with_evidence=True)).
        evidence = list(rows_of(entry, "evidence"))
        self.evidence_files = evidence
        self.fields["remove_evidence"] = _copy(_REMOVE_EVIDENCE)
        self.fields["remove_evidence"].choices = [
            (file.pk, file.original_name) for file in evidence
        ]
        self.fields["evidence"].widget.attrs["accept"] = (
            ".pdf,.png,.jpg,.jpeg,.gif,.webp,.tif,.tiff,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp"
        )
        if not self.is_bound:
            self.initial.update(self._initial(used))

    def _initial(self, used: dict) -> dict:
        entry = self.entry
        initial = {name: getattr(entry, name) for name in ENTRY_FIELDS}
        initial["version"] = entry.version
        initial["loaded"] = fingerprint(entry_state(entry))
        values = {value.indicator_id: value.achieved_value for value in rows_of(entry, "values")}
        for indicator in self.indicators:
            initial[f"value_{indicator.pk}"] = values.get(indicator.pk)  # shown plain: show_number
        for source, amount in used.items():
            initial[f"fund_{source}"] = amount
        return initial

    def full_clean(self):
        super().full_clean()
        # Fields rendered by hand in the indicator table show their errors like crispy's.
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()

    def clean(self):
        data = super().clean()
        for name in ("achievements", "obstacles", "explanation"):
            data[name] = normalise_text(data.get(name))
        for indicator in self.indicators:
            name = f"value_{indicator.pk}"
            if error := value_error(indicator.unit, data.get(name)):
                self.add_error(name, error)
        for source in FundingSource.values:
            amount = data.get(f"fund_{source}")
            if amount is not None and amount < 0:
                self.add_error(f"fund_{source}", _("Funds used cannot be negative."))
        if len(data.get("evidence") or []) > MAX_FILES_PER_ENTRY:
            self.add_error(
                "evidence",
                _("Add at most %(count)s files at once.") % {"count": MAX_FILES_PER_ENTRY},
            )
        return data

    def clean_evidence(self):
        files = self.cleaned_data.get("evidence") or []
        errors = [error for upload in files if (error := evidence_error(upload))]
        if errors:
            raise forms.ValidationError(errors)
        return files

    def to_input(self) -> EntryInput:
        data = self.cleaned_data
        return EntryInput(
            entry_id=self.entry.pk,
            version=data.get("version"),
            status=data.get("status") or "",
            achievements=data["achievements"],
            obstacles=data["obstacles"],
            explanation=data["explanation"],
            users_reached=data.get("users_reached"),
            funding={s: data.get(f"fund_{s}") for s in FundingSource.values},
            values={i.pk: data.get(f"value_{i.pk}") for i in self.indicators},
        )

    def has_user_changes(self) -> bool:
        """Whether the user changed the entry from what they loaded."""
        state = input_state(self.to_input(), self.entry)
        return fingerprint(state) != self.cleaned_data.get("loaded")

    # For the template -----------------------------------------------------------------

    def indicator_rows(self) -> list[dict]:
        return [
            {
                "indicator": indicator,
                "field": self[f"value_{indicator.pk}"],
                "target": target_for(indicator, self.year),
            }
            for indicator in self.indicators
        ]

    def funding_rows(self, shown: bool) -> list[dict]:
        return [
            {
                "field": self[f"fund_{source}"],
                "planned": self.planned.get(source),
            }
            for source in FundingSource.values
            if (source in self.shown_sources) == shown
        ]

    def main_funding(self) -> list[dict]:
        return self.funding_rows(True)

    def other_funding(self) -> list[dict]:
        return self.funding_rows(False)

    def other_funding_has_errors(self) -> bool:
        return any(row["field"].errors for row in self.other_funding())


EntryForm.base_fields = _Prototypes(EntryForm.base_fields)


class _Pairs(BaseChoiceIterator):
    """Choices already in Django's form, pairs of a value and its label: a field and its
    widget take them as they are. Set as a plain list, they were normalized twice for
    each of a review's 40 forms, a third of the time the forms took to build."""

    def __init__(self, pairs: list[tuple[str, str]]):
        self.pairs = pairs

    def __iter__(self):
        return iter(self.pairs)


class ReturnEntryForm(forms.Form):
    """The reviewer's reason for returning one entry; an empty reason keeps it."""

    bound_field_class = WeakFormBoundField  # (a page holds forty: no cycles)

    reason = forms.CharField(
        label=_("Reason for returning this entry"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    part = forms.ChoiceField(label=_("Part that needs revision"), required=False)

    def __init__(self, *args, entry: ReportEntry, **kwargs):
        kwargs.setdefault("prefix", f"r{entry.pk}")
        super().__init__(*args, **kwargs)
        self.entry = entry
        self.fields["part"].choices = _Pairs([("", _("The whole entry")), *field_choices(entry)])

    def clean(self):
        data = super().clean()
        data["reason"] = normalise_text(data.get("reason"))
        if data.get("part") and not data["reason"]:
            self.add_error("reason", _("Give the reason, or leave the part empty."))
        return data


ReturnEntryForm.base_fields = _Prototypes(ReturnEntryForm.base_fields)


class VersionForm(forms.Form):
    """Carries the version of the report the user acted on (submit, approve)."""

    bound_field_class = WeakFormBoundField  # (on the report's pages: no cycles)

    version = forms.IntegerField(widget=forms.HiddenInput)


class ReopenForm(VersionForm):
    reason = forms.CharField(
        label=_("Why is the approved report reopened?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_reason(self) -> str:
        reason = normalise_text(self.cleaned_data["reason"])
        if not reason:
            raise forms.ValidationError(_("This field is required."))
        return reason


class OpenReportForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, year) for year in years]


class ImportForm(forms.Form):
    workbook = forms.FileField(
        label=_("Filled workbook (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


class ImportOverwriteForm(forms.Form):
    """The rows of a confirmed import that may overwrite what was saved in the portal
    after the workbook was downloaded: only those the preview showed as conflicts."""

    overwrite = forms.TypedMultipleChoiceField(coerce=int, required=False)

    def __init__(self, *args, entry_ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["overwrite"].choices = [(pk, pk) for pk in entry_ids]


class ConfirmImportForm(forms.Form):
    # The signed preview holds the version of each entry it changes: room for hundreds.
    token = forms.CharField(widget=forms.HiddenInput, max_length=20_000)
