import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.models import ChangeReason, Plan
from providers.models import Provider
from rin_portal import permissions

from .base import VersionedForm, typeahead


class PlanForm(VersionedForm):
    """The plan's own details."""

    class Meta:
        model = Plan
        fields = [
            "title",
            "summary",
            "first_year",
            "last_year",
            "coordinator",
            "national_programme",
            "report_due_month",
            "report_due_day",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4}), "coordinator": typeahead()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = permissions.providers_for_plan(self.plan)

    def clean(self):
        data = super().clean()
        first, last = data.get("first_year"), data.get("last_year")
        if first is None or last is None:
            return data
        if last < first:
            self.add_error("last_year", _("The last year cannot be before the first."))
            return data
        plan = self.plan
        outside = (
            plan.programmes.exclude(first_year__gte=first, last_year__lte=last).exists()
            or plan.yearly_reports.exclude(year__range=(first, last)).exists()
        )
        if outside:
            self.add_error(
                "last_year",
                _("Programmes or yearly reports lie outside these years; change them first."),
            )
        try:
            datetime.date(2001, data.get("report_due_month") or 1, data.get("report_due_day") or 1)
        except ValueError:
            self.add_error("report_due_day", _("There is no such day in that month."))
        return data


class PlanCreateForm(forms.ModelForm):
    """A new plan in the user's scope: a RIN of a region, or a municipality's strategy."""

    class Meta:
        model = Plan
        fields = [
            "kind",
            "region",
            "municipality",
            "title",
            "first_year",
            "last_year",
            "coordinator",
            "national_programme",
        ]
        widgets = {"coordinator": typeahead(), "municipality": typeahead()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = permissions.regions_for_new_plans(user)
        self.fields["municipality"].queryset = permissions.municipalities_for_new_plans(user)
        self.fields["coordinator"].queryset = Provider.objects.filter(is_active=True)
        self.fields["region"].help_text = _("For a regional implementation plan.")
        self.fields["municipality"].help_text = _("For a municipal strategy.")
        for name in ("first_year", "last_year"):  # one message for a wrong year: clean()'s
            self.fields[name].validators = []
            self.fields[name].widget.attrs.update(min=2000, max=2100)

    def clean(self):
        data = super().clean()
        kind, region, municipality = data.get("kind"), data.get("region"), data.get("municipality")
        if kind == Plan.Kind.RIN:
            if not region:
                self.add_error("region", _("Choose the region of the plan."))
            data["municipality"] = None
        elif kind == Plan.Kind.STRATEGY:
            if not municipality:
                self.add_error("municipality", _("Choose the municipality of the strategy."))
            data["region"] = None
        first, last = data.get("first_year"), data.get("last_year")
        if first and last and last < first:
            self.add_error("last_year", _("The last year cannot be before the first."))
        for name in ("first_year", "last_year"):
            year = data.get(name)
            if year is not None and not 2000 <= year <= 2100:
                self.add_error(name, _("Give a year between 2000 and 2100."))
        coordinator = data.get("coordinator")
        scope_region = region or (municipality.region if municipality else None)
        if (
            coordinator
            and scope_region
            and not permissions.providers_for_region(scope_region)
            .filter(pk=coordinator.pk)
            .exists()
        ):
            self.add_error("coordinator", _("The coordinator must work in the plan's region."))
        return data


class TransitionForm(forms.Form):
    """A lifecycle step; carries the plan's version so that two clicks cannot both apply."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class PlanConfirmForm(TransitionForm):
    confirmed_on = forms.DateField(
        label=_("Date of confirmation or adoption"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    confirmed_by = forms.CharField(
        label=_("Confirmed or adopted by"),
        max_length=200,
        help_text=_("E.g. the regional coordination group, or the municipal council."),
    )

    def clean_confirmed_on(self):
        day = self.cleaned_data["confirmed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day


class PlanAmendForm(TransitionForm):
    reason = forms.ChoiceField(label=_("Reason for the amendment"), choices=ChangeReason.choices)
    reason_text = forms.CharField(
        label=_("Explanation"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class PlanCloseForm(TransitionForm):
    closed_on = forms.DateField(
        label=_("Closed on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class PlanSuccessorForm(forms.Form):
    title = forms.CharField(label=_("Title of the new plan"), max_length=300)
    first_year = forms.IntegerField(label=_("First year"), min_value=2000, max_value=2100)
    last_year = forms.IntegerField(label=_("Last year"), min_value=2000, max_value=2100)

    def clean(self):
        data = super().clean()
        first, last = data.get("first_year"), data.get("last_year")
        if first and last and last < first:
            self.add_error("last_year", _("The last year cannot be before the first."))
        return data
