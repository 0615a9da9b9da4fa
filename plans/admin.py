from django.contrib import admin
from django.utils.translation import gettext as _

from news import services as news_services
from rin_portal.admin_rules import DataRulesAdmin

from .models import (
    Activity,
    Area,
    ChangeRecord,
    Chapter,
    FundingLine,
    Goal,
    GroupMember,
    Indicator,
    IndicatorYearTarget,
    NationalGoal,
    NationalProgramme,
    NationalTarget,
    Plan,
    PlanSnapshot,
    Programme,
    ReportEntry,
    ReportEvent,
    YearlyReport,
)


class NationalGoalInline(admin.TabularInline):
    model = NationalGoal
    extra = 0


class NationalTargetInline(admin.TabularInline):
    model = NationalTarget
    extra = 0


@admin.register(NationalProgramme)
class NationalProgrammeAdmin(DataRulesAdmin):
    list_display = ["short_name", "name", "first_year", "last_year"]
    inlines = [NationalGoalInline, NationalTargetInline]


@admin.register(NationalGoal)
class NationalGoalAdmin(DataRulesAdmin):
    list_display = ["__str__", "kind", "is_summary"]
    list_filter = ["national_programme", "kind"]
    search_fields = ["title"]


class ChapterInline(admin.StackedInline):
    model = Chapter
    extra = 0


class GroupMemberInline(admin.TabularInline):
    model = GroupMember
    extra = 0
    autocomplete_fields = ["provider"]


@admin.register(Plan)
class PlanAdmin(DataRulesAdmin):
    list_display = ["title", "kind", "region", "municipality", "first_year", "last_year", "status"]
    list_filter = ["kind", "status", "region"]
    search_fields = ["title", "slug"]
    list_select_related = ["region", "municipality"]
    autocomplete_fields = ["region", "municipality", "coordinator", "predecessor"]
    readonly_fields = [
        "version",
        "revision",
        "confirmation_recorded_by",
        "confirmation_recorded_at",
    ]
    inlines = [ChapterInline, GroupMemberInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if (
            change
            and form.initial.get("status") == Plan.Status.CONSULTATION
            and obj.status == Plan.Status.DRAFT
        ):
            # Taken back from public consultation here, not by the group's step: the news
            # that announced it says it ended, as after the step (plan_end_consultation),
            # and an announcement still queued is not mailed.
            news_services.consultation_news_mark_ended(plan=obj)


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0
    fields = ["position", "title", "plan"]


@admin.register(Area)
class AreaAdmin(DataRulesAdmin):
    list_display = ["title", "plan", "position"]
    list_filter = ["plan"]
    search_fields = ["title"]
    inlines = [GoalInline]


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0


class FundingLineInline(admin.TabularInline):
    model = FundingLine
    extra = 0


class IndicatorInline(admin.StackedInline):
    model = Indicator
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(DataRulesAdmin):
    list_display = ["title", "plan", "area", "lead", "first_year", "last_year"]
    list_filter = ["plan"]
    search_fields = ["title"]
    list_select_related = ["plan", "area", "lead"]
    autocomplete_fields = ["lead", "implementers", "municipalities", "national_goals"]
    inlines = [ActivityInline, FundingLineInline, IndicatorInline]

    def get_readonly_fields(self, request, obj=None):
        # Moved to another plan, a programme would leave its yearly entries, funding
        # and history in the first: a programme stays in the plan it was made in.
        return ["plan"] if obj is not None else []

    def deletion_refused(self, obj) -> str | None:
        # Deleting it would delete, unseen, what CSD staff filed for it in the yearly
        # reports, approved ones included.
        years = sorted(set(obj.report_entries.values_list("report__year", flat=True)))
        if not years:
            return None
        return _(
            "%(programme)s: its entries in the yearly reports of %(years)s would be deleted "
            "with it. Change the plan in the portal (an amendment) instead."
        ) % {"programme": obj, "years": ", ".join(map(str, years))}


@admin.register(IndicatorYearTarget)
class IndicatorYearTargetAdmin(DataRulesAdmin):
    list_display = ["indicator", "year", "value"]


class ReportEntryInline(admin.StackedInline):
    """Shown, not edited: staff file entries in the portal, where every change is recorded
    in the report's history, checked and guarded against overwriting a colleague's."""

    model = ReportEntry
    extra = 0
    fields = ["programme", "status", "achievements", "obstacles", "explanation", "users_reached"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ReportEventInline(admin.TabularInline):
    """The review trail: read only."""

    model = ReportEvent
    extra = 0
    fields = readonly_fields = ["action", "user_name", "reason", "created_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(YearlyReport)
class YearlyReportAdmin(DataRulesAdmin):
    list_display = ["plan", "year", "status", "due_date", "submitted_at", "approved_at"]
    list_filter = ["status", "year"]
    list_select_related = ["plan"]
    inlines = [ReportEntryInline, ReportEventInline]

    def get_readonly_fields(self, request, obj=None):
        # Its entries are the programmes of its plan: a report stays with its plan.
        return ["plan"] if obj is not None else []

    def deletion_refused(self, obj) -> str | None:
        if obj.status == YearlyReport.Status.DRAFT:
            return None
        return _(
            "%(report)s: a report that was submitted to review is a record of what was "
            "reported and is not deleted."
        ) % {"report": obj}


@admin.register(ChangeRecord)
class ChangeRecordAdmin(DataRulesAdmin):
    list_display = ["created_at", "plan", "object_label", "action", "user_name", "reason"]
    list_filter = ["action", "reason"]
    list_select_related = ["plan"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PlanSnapshot)
class PlanSnapshotAdmin(DataRulesAdmin):
    """Snapshots are taken by confirmations, with the plan's whole text."""

    list_display = ["plan", "label", "created_at"]
    readonly_fields = ["data"]

    def has_add_permission(self, request):
        return False
