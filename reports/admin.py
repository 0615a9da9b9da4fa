from django.contrib import admin

from rin_portal.admin_rules import DataRulesAdmin

from .models import Document


@admin.register(Document)
class DocumentAdmin(DataRulesAdmin):
    """Documents are made by the worker and kept as records: read them, never edit them."""

    list_display = ["title", "kind", "format", "audience", "version", "status", "requested_at"]
    list_filter = ["kind", "format", "status", "region"]
    search_fields = ["title", "fingerprint"]
    list_select_related = ["region"]
    exclude = ["data"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
