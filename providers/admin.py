from django.contrib import admin
from django.utils.translation import gettext as _

from rin_portal.admin_rules import DataRulesAdmin

from .models import Provider


@admin.register(Provider)
class ProviderAdmin(DataRulesAdmin):
    list_display = ["name", "kind", "parent", "seat", "is_active"]
    list_filter = ["kind", "is_active", "seat__region"]
    search_fields = ["name", "short_name", "former_name"]
    list_select_related = ["parent", "seat"]
    autocomplete_fields = ["parent", "seat", "municipalities_served"]

    def deletion_refused(self, obj) -> str | None:
        # Deleting it would take it, unseen, out of the programmes it implements (adopted
        # plans' too) and out of the group members' organisations: retire it instead.
        plans = sorted(
            {
                *obj.implemented_programmes.values_list("plan__title", flat=True),
                *obj.group_memberships.values_list("plan__title", flat=True),
            }
        )
        if not plans:
            return None
        return _(
            "%(provider)s is named in %(plans)s. Untick “active” to retire it instead: "
            "the plans keep naming it."
        ) % {"provider": obj, "plans": "; ".join(plans)}
