from django.contrib import admin

from .admin_rules import DataRulesAdmin
from .auth import LockoutAdminAuthenticationForm
from .models import Role, SecurityEvent


@admin.register(Role)
class RoleAdmin(DataRulesAdmin):
    list_display = ["user", "kind", "region", "municipality", "created_at"]
    list_filter = ["kind", "region"]
    search_fields = ["user__username", "user__last_name"]
    list_select_related = ["user", "region", "municipality"]
    autocomplete_fields = ["user", "region", "municipality"]


@admin.register(SecurityEvent)
class SecurityEventAdmin(DataRulesAdmin):
    list_display = ["created_at", "kind", "username", "ip_address", "detail"]
    list_filter = ["kind"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# User search is needed by the role form's autocomplete.
admin.site.site_header = "RIN portal"
# The admin's own sign-in page counts failures and locks out as the portal's does.
admin.site.login_form = LockoutAdminAuthenticationForm
