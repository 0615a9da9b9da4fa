from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plans.kinds import by_kind, is_strategy
from plans.models import ChangeReason, Indicator, IndicatorYearTarget, Plan
from plans.validation import (
    closing_date_error,
    confirmation_date_error,
    consultation_end_error,
)
from providers.models import Provider
from rin_portal import permissions

from .base import VersionedForm, plain_digits, typeahead


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def limit_plan_years(form: forms.BaseForm) -> None:
    """Years within what the plans table allows (plans_plan_years_range), refused with
    one message (check_plan_years()'s), not also the field's own and the constraint's."""
    for name in ("first_year", "last_year"):
        form.fields[name].validators = []
        form.fields[name].widget.attrs.update(min=2000, max=2100)


def check_plan_years(form: forms.BaseForm, data: dict) -> tuple[int | None, int | None]:
    """Mark years out of range or out of order; return the period if it is sound."""
    first, last = data.get("first_year"), data.get("last_year")
    for name, year in (("first_year", first), ("last_year", last)):
        if year is not None and not 2000 <= year <= 2100:
            form.add_error(name, _("Give a year between 2000 and 2100."))
    if "first_year" in form.errors or "last_year" in form.errors:
        return None, None
    if first is not None and last is not None and last < first:
        form.add_error("last_year", _("The last year cannot be before the first."))
        return None, None
    return first, last


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
            "consultation_ends_on",
            "consultation_email",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "coordinator": typeahead(),
            "consultation_ends_on": date_input(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = permissions.providers_for_plan(self.plan)
        # Until when and where the public comments: asked while the consultation lasts.
        for name in ("consultation_ends_on", "consultation_email"):
            if self.plan.is_in_consultation:
                self.fields[name].required = True
            else:
                del self.fields[name]
        limit_plan_years(self)
        for name, top in (("report_due_month", 12), ("report_due_day", 31)):
            self.fields[name].validators = []  # one message for a wrong value: clean_<name>'s
            self.fields[name].widget.attrs.update(min=1, max=top)

    def clean_report_due_month(self):
        month = self.cleaned_data["report_due_month"]
        if month is not None and not 1 <= month <= 12:
            raise forms.ValidationError(_("Give a month from 1 to 12."))
        return month

    def clean_report_due_day(self):
        day = self.cleaned_data["report_due_day"]
        if day is not None and not 1 <= day <= 31:
            raise forms.ValidationError(_("Give a day from 1 to 31."))
        return day

    def clean(self):
        data = super().clean()  # a due day the month lacks: Plan.clean
        first, last = check_plan_years(self, data)
        if first is None or last is None:
            return data
        plan = self.plan
        outside = (
            plan.programmes.exclude(first_year__gte=first, last_year__lte=last).exists()
            or plan.yearly_reports.exclude(year__range=(first, last)).exists()
        )
        if outside:
            self.add_error(
                "last_year",
                by_kind(
                    plan,
                    _("Programmes or yearly reports lie outside these years; change them first."),
                    _("Measures or yearly reports lie outside these years; change them first."),
                ),
            )
            return data
        targets_outside = (
            Indicator.objects.filter(programme__plan=plan)
            .exclude(target_year__range=(first, last))
            .exists()
            or IndicatorYearTarget.objects.filter(indicator__programme__plan=plan)
            .exclude(year__range=(first, last))
            .exists()
        )
        if targets_outside:
            # Else they stay, shown beyond the period, and the indicator's form can no
            # longer show or save them.
            self.add_error(
                "last_year",
                _("Indicator targets lie outside these years; change them first."),
            )
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
        plain_digits(self)
        self.fields["region"].queryset = permissions.regions_for_new_plans(user)
        self.fields["municipality"].queryset = permissions.municipalities_for_new_plans(user)
        self.fields["coordinator"].queryset = Provider.objects.filter(is_active=True)
        self.fields["region"].help_text = _("For a regional implementation plan.")
        self.fields["municipality"].help_text = _("For a municipal strategy.")
        # Someone whose every role is a municipality's (its working group) can only make
        # that municipality's strategy: the form asks for nothing else, and says so.
        self.is_strategy_only = permissions.scope_plan_kind(user) == Plan.Kind.STRATEGY
        if self.is_strategy_only:
            self.fields["kind"].widget = forms.HiddenInput()
            self.fields["kind"].initial = Plan.Kind.STRATEGY
            self.fields["kind"].disabled = True
            del self.fields["region"]
            municipalities = self.fields["municipality"].queryset
            if len(municipalities) == 1:
                self.fields["municipality"].initial = municipalities[0].pk
            self.fields["municipality"].help_text = ""
        limit_plan_years(self)

    def _get_validation_exclusions(self):
        """Without a kind the scope the plan needs is unknown: the kind's own error says
        what to do, not the model's constraint on region and municipality, which Django
        would show as “Constraint … is violated”."""
        exclude = super()._get_validation_exclusions()
        if not self.cleaned_data.get("kind"):
            exclude.update({"region", "municipality"})
        return exclude

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
        check_plan_years(self, data)
        coordinator = data.get("coordinator")
        scope_region = region or (municipality.region if municipality else None)
        if (
            coordinator
            and scope_region
            and not permissions.providers_for_region(scope_region)
            .filter(pk=coordinator.pk)
            .exists()
        ):
            self.add_error(
                "coordinator",
                by_kind(
                    kind,
                    _("The coordinator must work in the plan's region."),
                    _("The coordinator must work in the strategy's region."),
                ),
            )
        return data


class TransitionForm(forms.Form):
    """A lifecycle step; carries the plan's version so that two clicks cannot both apply."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, plan: Plan, user=None, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)


class PlanConsultationForm(TransitionForm):
    """Until when the public comments on the draft, and where to: its public page says
    both. The address is first the starting member's own."""

    consultation_ends_on = Plan._meta.get_field("consultation_ends_on").formfield(
        required=True, widget=date_input()
    )
    consultation_email = Plan._meta.get_field("consultation_email").formfield(required=True)

    def __init__(self, *args, plan: Plan, user=None, **kwargs):
        super().__init__(*args, plan=plan, user=user, **kwargs)
        self.fields["consultation_email"].initial = getattr(user, "email", "")

    def clean_consultation_ends_on(self):
        day = self.cleaned_data["consultation_ends_on"]
        today = timezone.localdate()
        if error := consultation_end_error(day, started_on=today, today=today):
            raise forms.ValidationError(error)
        return day


class PlanEndConsultationForm(TransitionForm):
    reason = forms.CharField(
        label=_("Reason for ending the consultation"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded in the plan's history."),
    )


class PlanConfirmForm(TransitionForm):
    """A regional plan is confirmed by its coordination group, a municipal strategy
    adopted by the municipal council: each form speaks of its own step."""

    confirmed_on = forms.DateField(label=_("Date of confirmation"), widget=date_input())
    confirmed_by = forms.CharField(
        label=_("Confirmed by"),
        max_length=200,
        help_text=_("E.g. the regional coordination group."),
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        if is_strategy(plan):  # adopted by the municipal council
            self.fields["confirmed_on"].label = _("Date of adoption")
            self.fields["confirmed_by"].label = _("Adopted by")
            self.fields["confirmed_by"].help_text = _("E.g. the municipal council.")

    def clean_confirmed_on(self):
        day = self.cleaned_data["confirmed_on"]
        if error := confirmation_date_error(self.plan, day, timezone.localdate()):
            raise forms.ValidationError(error)
        return day


class PlanAmendForm(TransitionForm):
    reason = forms.ChoiceField(label=_("Reason for the amendment"), choices=ChangeReason.choices)
    reason_text = forms.CharField(
        label=_("Explanation"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        if is_strategy(plan):  # Slovenian: "Razlog za spremembo strategije"
            self.fields["reason"].label = pgettext_lazy("strategy", "Reason for the amendment")


class PlanCloseForm(TransitionForm):
    closed_on = forms.DateField(label=_("Closed on"), widget=date_input())

    def clean_closed_on(self):
        day = self.cleaned_data["closed_on"]
        if error := closing_date_error(self.plan, day, timezone.localdate()):
            raise forms.ValidationError(error)
        return day


class PlanSuccessorForm(forms.Form):
    title = forms.CharField(label=_("Title of the new plan"), max_length=300)
    first_year = forms.IntegerField(label=_("First year"), min_value=2000, max_value=2100)
    last_year = forms.IntegerField(label=_("Last year"), min_value=2000, max_value=2100)

    def __init__(self, *args, predecessor: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        if is_strategy(predecessor):
            self.fields["title"].label = _("Title of the new strategy")

    def clean(self):
        data = super().clean()
        first, last = data.get("first_year"), data.get("last_year")
        if first and last and last < first:
            self.add_error("last_year", _("The last year cannot be before the first."))
        return data
