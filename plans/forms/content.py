"""Forms for the parts of a plan. Every choice field offers only what belongs to the plan:
its own areas and goals, providers and municipalities of its region, the goals of its
national programme. An id of anything else is refused as an invalid choice."""

from django import forms
from django.utils.translation import gettext_lazy as _

from plans.kinds import by_kind, is_strategy
from plans.models import (
    Activity,
    Area,
    Chapter,
    FundingLine,
    Goal,
    GroupMember,
    Indicator,
    NationalGoal,
    Programme,
)
from plans.validation import value_error
from rin_portal import permissions

from .base import LocalDecimalField, RowsChoiceField, VersionedForm, typeahead


class ChapterForm(VersionedForm):
    class Meta:
        model = Chapter
        fields = ["title", "body"]
        help_texts = {
            "body": _("Markdown: **bold**, *italic*, lists with -, links [text](https://…).")
        }
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}


class GroupMemberForm(VersionedForm):
    class Meta:
        model = GroupMember
        fields = ["person_name", "function", "organisation", "provider", "represents"]
        widgets = {"provider": typeahead()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = permissions.providers_for_plan(self.plan)


class AreaForm(VersionedForm):
    class Meta:
        model = Area
        fields = ["title", "unmet_needs"]
        widgets = {"unmet_needs": forms.Textarea(attrs={"rows": 6})}


class GoalForm(VersionedForm):
    class Meta:
        model = Goal
        fields = ["area", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(plan=self.plan)


class ProgrammeForm(VersionedForm):
    class Meta:
        model = Programme
        fields = [
            "area",
            "goal",
            "title",
            "description",
            "target_groups",
            "lead",
            "implementers",
            "municipalities",
            "first_year",
            "last_year",
            "national_goals",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "lead": typeahead(),
            "implementers": typeahead(multiple=True),
            "municipalities": typeahead(multiple=True),
            "national_goals": forms.CheckboxSelectMultiple,
        }
        field_classes = {
            "implementers": RowsChoiceField,
            "municipalities": RowsChoiceField,
            "national_goals": RowsChoiceField,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plan = self.plan
        providers = permissions.providers_for_plan(plan)
        self.fields["area"].queryset = Area.objects.filter(plan=plan)
        self.fields["goal"].queryset = Goal.objects.filter(plan=plan).select_related("area")
        self.fields["lead"].queryset = providers
        self.fields["implementers"].queryset = providers
        self.fields["municipalities"].queryset = permissions.municipalities_for_plan(plan)
        if is_strategy(plan):
            self.fields["national_goals"].label = _("National goals the measure serves")
        goals = NationalGoal.objects.filter(national_programme=plan.national_programme)
        self.fields["national_goals"].queryset = goals
        if not goals.exists():  # else a heading over nothing
            self.fields["national_goals"].help_text = _(
                "No goals of the national programme are recorded in the portal yet."
            )
        if not self.instance.pk:
            # A new programme runs for the whole plan unless said otherwise. (The form's
            # initial, not the fields': a ModelForm's initial holds the new instance's
            # empty values, which win over a field's.)
            self.initial["first_year"] = plan.first_year
            self.initial["last_year"] = plan.last_year
            if plan.municipality_id is not None:
                # A strategy's measures serve its municipality, the only one offered.
                self.initial["municipalities"] = [plan.municipality_id]

    def clean(self):
        data = super().clean()
        self.year_choices_error(data.get("first_year"), data.get("last_year"))
        goal, area = data.get("goal"), data.get("area")
        if goal and area and goal.area_id != area.pk:
            self.add_error("goal", _("The goal belongs to another area."))
        if self.instance.pk and data.get("first_year") and data.get("last_year"):
            outside = self.instance.funding_lines.exclude(
                year__range=(data["first_year"], data["last_year"])
            )
            if outside.exists():
                self.add_error(
                    "last_year",
                    _("Some planned funding lies outside these years; change it first."),
                )
        return data


class ActivityForm(VersionedForm):
    class Meta:
        model = Activity
        fields = ["description", "timeframe"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class FundingLineForm(VersionedForm):
    class Meta:
        model = FundingLine
        fields = ["source", "year", "planned_amount"]

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.programme = programme
        self.fields["year"].widget = forms.Select(
            choices=[(year, year) for year in range(programme.first_year, programme.last_year + 1)]
        )
        self.fields["planned_amount"].min_value = 0

    def clean_year(self):
        year = self.cleaned_data["year"]
        programme = self.instance.programme
        if not programme.first_year <= year <= programme.last_year:
            raise forms.ValidationError(
                by_kind(
                    self.plan,
                    _("The year must lie within the programme's years, %(first)s–%(last)s."),
                    _("The year must lie within the measure's years, %(first)s–%(last)s."),
                )
                % {"first": programme.first_year, "last": programme.last_year}
            )
        return year

    def clean_planned_amount(self):
        amount = self.cleaned_data["planned_amount"]
        if amount is not None and amount < 0:
            raise forms.ValidationError(_("The amount cannot be negative."))
        return amount

    def clean(self):
        """One line per source and year (the model's unique constraint, which the form's
        own check skips: the programme is no field of the form)."""
        data = super().clean()
        source, year = data.get("source"), data.get("year")
        if source and year is not None:
            taken = FundingLine.objects.filter(
                programme=self.instance.programme, source=source, year=year
            ).exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error(
                    "year",
                    by_kind(
                        self.plan,
                        _(
                            "The programme already has a funding line from this source for %(year)s. Change that line instead."
                        ),
                        _(
                            "The measure already has a funding line from this source for %(year)s. Change that line instead."
                        ),
                    )
                    % {"year": year},
                )
        return data


class IndicatorForm(VersionedForm):
    """An indicator with one optional target field per year of the plan (target_<year>)."""

    class Meta:
        model = Indicator
        fields = [
            "name",
            "unit",
            "unit_label",
            "direction",
            "baseline_value",
            "baseline_year",
            "target_value",
            "target_year",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        existing = (
            {t.year: t.value for t in self.instance.year_targets.all()} if self.instance.pk else {}
        )
        for year in self.plan.years:
            self.fields[f"target_{year}"] = LocalDecimalField(
                label=_("Target for %(year)s") % {"year": year},
                required=False,
                max_digits=14,
                decimal_places=2,
                initial=existing.get(year),
            )
        if not self.instance.pk and self.initial.get("target_year") is None:
            self.initial["target_year"] = self.plan.last_year
        self.grouped_fields = (*self.grouped_fields, *(f"target_{y}" for y in self.plan.years))

    @property
    def year_target_fields(self):
        return [self[f"target_{year}"] for year in self.plan.years]

    def year_targets(self) -> dict:
        return {year: self.cleaned_data.get(f"target_{year}") for year in self.plan.years}

    def clean(self):
        data = super().clean()
        unit = data.get("unit")
        if unit == Indicator.Unit.OTHER and not data.get("unit_label"):
            self.add_error("unit_label", _("Name the unit."))
        # Read before add_error() drops the fields it marks from the cleaned data.
        baseline_value, baseline_year = data.get("baseline_value"), data.get("baseline_year")
        baseline_value_given = baseline_value is not None or "baseline_value" in self.errors
        value_fields = ["baseline_value", "target_value", *(f"target_{y}" for y in self.plan.years)]
        for name in value_fields:
            error = value_error(unit, data.get(name)) if unit else None
            if error:
                self.add_error(name, error)
        baseline_year_given = baseline_year is not None or "baseline_year" in self.errors
        if baseline_value_given != baseline_year_given:
            self.add_error("baseline_year", _("Give the baseline value together with its year."))
        target_year = data.get("target_year")
        if target_year is not None and not (
            self.plan.first_year <= target_year <= self.plan.last_year
        ):
            self.add_error(
                "target_year",
                by_kind(
                    self.plan,
                    _("The target year must lie within the plan's period, %(first)s–%(last)s."),
                    _("The target year must lie within the strategy's period, %(first)s–%(last)s."),
                )
                % {"first": self.plan.first_year, "last": self.plan.last_year},
            )
        if baseline_year is not None and target_year is not None and baseline_year > target_year:
            self.add_error("baseline_year", _("The baseline year cannot be after the target year."))
        return data
