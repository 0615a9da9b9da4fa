from django.contrib import admin, messages
from django.contrib.admin.utils import display_for_value
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult, get_date_max

from . import permissions, security
from .admin_permissions import TranslatedPermissionsAdmin, permission_label
from .admin_rules import DataRulesAdmin
from .auth import LockoutAdminAuthenticationForm
from .models import Role, SecurityEvent
from .text import slovenian_sort_key

SUPERUSER_ONLY = gettext_lazy(
    "Only a superuser gives or takes away the administrator role, or changes their own roles."
)


# What each role hears of by e-mail only (plans/progress/notifications.py): the
# coordination group of the reports submitted for its review (progress_reviewers_of), the
# CSD staff of what becomes of their scope's reports and of their deadlines
# (filer_recipients, reports_remind), and one who files without a CSD role, an
# administrator, of what becomes of the reports they submitted. Reviewers get no mail.
# (News and public consultations go to subscribers, by the address they subscribed with.)
NOTICES_BY_ROLE = {
    Role.Kind.GROUP_MEMBER: [gettext_lazy("yearly reports submitted for their review")],
    Role.Kind.CSD_STAFF: [
        gettext_lazy(
            "their region's or municipality's yearly reports returned for revision, "
            "approved or reopened"
        ),
        gettext_lazy("reminders of yearly reports due soon or overdue"),
    ],
    Role.Kind.ADMINISTRATOR: [
        gettext_lazy("yearly reports they submitted returned for revision, approved or reopened")
    ],
}


def warn_without_email(model_admin, request, account) -> None:
    """Notices go by e-mail only: saving a user with no address, in a role that gets
    notices, says which they miss, without refusing it."""
    if account.email:
        return
    kinds = set(account.roles.values_list("kind", flat=True))
    missed = [
        str(notice)
        for kind in Role.Kind
        if kind in kinds
        for notice in NOTICES_BY_ROLE.get(kind, [])
    ]
    if missed:
        model_admin.message_user(
            request,
            _(
                "%(user)s has roles but no e-mail address, so gets no notices by e-mail "
                "(%(notices)s). Add their address unless that is meant."
            )
            % {"user": account.get_username(), "notices": "; ".join(missed)},
            messages.WARNING,
        )


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

    # Staff who may edit roles but are not superusers (a help desk) manage the others'
    # roles in a region or municipality: giving themselves or anyone the administrator
    # role would give them the whole portal.
    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None:
            return permissions.can_manage_role_in_admin(request.user, obj.kind, obj.user)
        return allowed

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if allowed and obj is not None:
            return permissions.can_manage_role_in_admin(request.user, obj.kind, obj.user)
        return allowed

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        actor = request.user

        class RoleForm(form):
            def clean(self):
                data = super().clean()
                kind, holder = data.get("kind"), data.get("user")
                if (
                    kind
                    and holder
                    and not permissions.can_manage_role_in_admin(actor, kind, holder)
                ):
                    raise ValidationError(SUPERUSER_ONLY, code="superuser_only")
                return data

        return RoleForm

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        warn_without_email(self, request, obj.user)


class RoleInline(admin.TabularInline):
    """A user's roles, on the user's page, under the rules of the roles' own pages: staff
    who are not superusers change neither their own roles, nor an administrator's, nor
    anyone's administrator role."""

    model = Role
    extra = 0
    fields = ["kind", "region", "municipality", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["region", "municipality"]

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._may_manage(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_manage(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_manage(request, obj)

    @staticmethod
    def _may_manage(request, holder) -> bool:
        return holder is None or permissions.can_manage_roles_of_in_admin(request.user, holder)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        actor = request.user

        class RoleFormSet(formset):
            def clean(self):
                super().clean()
                for form in self.forms:
                    data = getattr(form, "cleaned_data", {})
                    if not (form.has_changed() or data.get("DELETE")):
                        continue
                    # The role as it was and as it would be: neither may be one the
                    # actor may not give or take away.
                    kinds = {form.initial.get("kind"), data.get("kind")} - {None}
                    if not all(
                        permissions.can_manage_role_in_admin(actor, kind, self.instance)
                        for kind in kinds
                    ):
                        raise ValidationError(SUPERUSER_ONLY, code="superuser_only")

        return RoleFormSet


class EmailFilter(admin.SimpleListFilter):
    """Users without an address get no notices: easy to find."""

    title = pgettext_lazy("the user list's filter, after 'By'", "e-mail address")
    parameter_name = "has_email"

    def lookups(self, request, model_admin):
        return [("no", gettext_lazy("none (gets no notices)")), ("yes", gettext_lazy("given"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(email="")
        if self.value() == "yes":
            return queryset.exclude(email="")
        return queryset


admin.site.unregister(get_user_model())
admin.site.unregister(Group)

# A user's permissions shown, not edited (to staff who are not superusers), named as
# where they are chosen, not by their English names from the database.
PERMISSIONS_SHOWN = {"user_permissions": "permissions_shown"}


@admin.register(get_user_model())
class PortalUserAdmin(ActorLoggedAdmin, DataRulesAdmin, TranslatedPermissionsAdmin, UserAdmin):
    """Staff who may edit users but are not superusers change neither anyone's rights in
    the admin (their own included) nor the accounts of administrators (whose password
    they could otherwise set, and sign in as them)."""

    list_display = [*UserAdmin.list_display, "has_email"]
    list_filter = [*UserAdmin.list_filter, EmailFilter]
    inlines = [RoleInline]

    @admin.display(boolean=True, description=gettext_lazy("gets notices"))
    def has_email(self, account) -> bool:
        return bool(account.email)

    @admin.display(description=get_user_model()._meta.get_field("user_permissions").verbose_name)
    def permissions_shown(self, account) -> str:
        permissions = account.user_permissions.select_related("content_type")
        labels = sorted(map(permission_label, permissions), key=slovenian_sort_key)
        return ", ".join(labels) or self.get_empty_value_display()

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []  # roles once the user exists

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:  # for the security log (signals.py)
            inline_form.instance._rin_actor = request.user
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        warn_without_email(self, request, form.instance)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += [
                PERMISSIONS_SHOWN.get(name, name) for name in permissions.ADMIN_RIGHTS_FIELDS
            ]
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (name, {**options, "fields": [PERMISSIONS_SHOWN.get(f, f) for f in options["fields"]]})
            for name, options in fieldsets
        ]

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None:
            return permissions.can_manage_account_in_admin(request.user, obj)
        return allowed

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if allowed and obj is not None:
            return permissions.can_manage_account_in_admin(request.user, obj)
        return allowed

    def user_change_password(self, request, id, form_url=""):
        """An administrator's reset of someone's password is a password change for the
        security log, with who made it."""
        account = self.get_object(request, id)
        before = account.password if account is not None else None
        response = super().user_change_password(request, id, form_url)
        if account is not None and request.method == "POST":
            account.refresh_from_db(fields=["password"])
            if account.password != before:
                usable = account.has_usable_password()
                security.record(
                    SecurityEvent.Kind.PASSWORD_CHANGED,
                    request,
                    user=account,
                    code="password_set" if usable else "password_disabled",
                    params={"by": request.user.get_username()},
                )
        return response


@admin.register(Group)
class PortalGroupAdmin(TranslatedPermissionsAdmin, GroupAdmin):
    pass


@admin.register(SecurityEvent)
class SecurityEventAdmin(DataRulesAdmin):
    list_display = ["created_at", "kind", "username", "ip_address", "description"]
    list_filter = ["kind"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "created_at"
    fields = ["created_at", "kind", "username", "user", "ip_address", "description"]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("detail"))
    def description(self, event: SecurityEvent) -> str:
        return security.describe(event)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(DBTaskResult)

# The task queue's columns and fields labelled in English only, and ours in their place.
OUR_TASK_FIELDS = {"id": "task_id", "task_name": "task"}


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    """The task queue's list and a task's page with the labels the app gives in English
    only (its id, task name, run after and traceback are no gettext calls), and the time
    a task waits for shown as the other times are, not in UTC's ISO form."""

    list_display = [OUR_TASK_FIELDS.get(name, name) for name in DBTaskResultAdmin.list_display]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return [OUR_TASK_FIELDS.get(name, name) for name in fields]

    @admin.display(description=gettext_lazy("ID"), ordering="id")
    def task_id(self, result: DBTaskResult):
        return result.pk

    @admin.display(description=gettext_lazy("task"))
    def task(self, result: DBTaskResult) -> str:
        return result.task_name

    @admin.display(description=gettext_lazy("traceback"))
    def formatted_traceback(self, result: DBTaskResult) -> str:
        return super().formatted_traceback(result)

    @admin.display(description=gettext_lazy("run after"))
    def display_run_after(self, result: DBTaskResult) -> str:
        if result.run_after == get_date_max():  # none: as soon as a worker is free
            return self.get_empty_value_display()
        return display_for_value(result.run_after, self.get_empty_value_display())


# User search is needed by the role form's autocomplete.
admin.site.site_header = "RIN portal"
# The admin's own sign-in page counts failures and locks out as the portal's does.
admin.site.login_form = LockoutAdminAuthenticationForm
