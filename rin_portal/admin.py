from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from .admin_rules import DataRulesAdmin
from .auth import LockoutAdminAuthenticationForm
from .models import Role, SecurityEvent


class ActorLoggedAdmin(admin.ModelAdmin):
    """Tells the security log (rin_portal/signals.py) who changed a role or a user."""

    def save_model(self, request, obj, form, change):
        obj._rin_actor = request.user
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        obj._rin_actor = request.user
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Role)
class RoleAdmin(ActorLoggedAdmin, DataRulesAdmin):
    list_display = ["user", "kind", "region", "municipality", "created_at"]
    list_filter = ["kind", "region"]
    search_fields = ["user__username", "user__last_name"]
    list_select_related = ["user", "region", "municipality"]
    autocomplete_fields = ["user", "region", "municipality"]


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class PortalUserAdmin(ActorLoggedAdmin, UserAdmin):
    pass


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
