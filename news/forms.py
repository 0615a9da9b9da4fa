from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipalities.models import Region
from plans.forms.base import RowsChoiceField
from plans.models import Plan, YearlyReport
from rin_portal import permissions

from .models import NewsItem

EARLIEST_YEAR = 2000


class NewsItemForm(forms.ModelForm):
    """A news item of one region; links only to that region's public plans and reports."""

    class Meta:
        model = NewsItem
        fields = ["title", "body", "published_on", "plan", "report"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 6}),
            "published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "body": _("Markdown: **bold**, *italic*, lists with -, links [text](https://…).")
        }

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["published_on"].initial = timezone.localdate()
        # A public plan, also a draft in consultation (news may announce one).
        in_region = Plan.objects.filter(permissions.public_plans_q()).filter(
            permissions.region_plans_q(region)
        )
        self.fields["plan"].queryset = in_region
        self.fields["report"].queryset = YearlyReport.objects.filter(
            plan__in=in_region, status=YearlyReport.Status.APPROVED
        ).select_related("plan")

    def clean_published_on(self):
        """News is dated when it is published, or earlier: a date still to come would list
        it first, as the latest news, for years; none is older than the year 2000."""
        date = self.cleaned_data["published_on"]
        today = timezone.localdate()
        if date > today:
            raise forms.ValidationError(_("The date cannot be in the future."))
        if date.year < EARLIEST_YEAR:
            raise forms.ValidationError(
                _("The date cannot be earlier than %(year)s.") % {"year": EARLIEST_YEAR}
            )
        return date


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),  # WCAG 1.3.5
    )
    regions = RowsChoiceField(
        label=_("Regions"),
        queryset=Region.objects.all(),
        # Drawn as the portal's other check boxes: 16 px, a 3:1 edge, apart from the name.
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Choose at least one region.")},
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the portal keeps my e-mail address to send me news of the chosen "
            "regions, until I unsubscribe."
        ),
        error_messages={"required": _("Without your consent we cannot send you e-news.")},
    )
