from django import forms
from django.utils.translation import gettext_lazy as _

from plans.models import YearlyReport

from .models import Document


class PlanDocumentForm(forms.Form):
    """Which document of a plan to prepare: the plan itself, or one of its yearly reports."""

    PLAN = "plan"
    YEARLY = "yearly"

    document = forms.ChoiceField(
        label=_("document"), choices=[(PLAN, _("plan")), (YEARLY, _("yearly report"))]
    )
    year = forms.IntegerField(label=_("year"), required=False)
    format = forms.ChoiceField(label=_("format"), choices=Document.Format.choices)

    def __init__(self, *args, reports: list[YearlyReport], **kwargs):
        super().__init__(*args, **kwargs)
        self.reports = {report.year: report for report in reports}

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data["document"] == self.PLAN:
            if data["format"] == Document.Format.XLSX:
                raise forms.ValidationError(_("A plan is available as PDF only."))
            data["report"] = None
            return data
        report = self.reports.get(data.get("year"))
        if report is None:
            raise forms.ValidationError(_("There is no yearly report for that year you may read."))
        data["report"] = report
        return data


class NationalDocumentForm(forms.Form):
    format = forms.ChoiceField(label=_("format"), choices=Document.Format.choices)
