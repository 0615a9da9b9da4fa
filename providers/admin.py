from django.contrib import admin

from rin_portal.admin_rules import DataRulesAdmin

from .models import Provider


@admin.register(Provider)
class ProviderAdmin(DataRulesAdmin):
    list_display = ["name", "kind", "parent", "seat", "is_active"]
    list_filter = ["kind", "is_active", "seat__region"]
    search_fields = ["name", "short_name", "former_name"]
    list_select_related = ["parent", "seat"]
    autocomplete_fields = ["parent", "seat", "municipalities_served"]
