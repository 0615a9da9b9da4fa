"""Who may see and change what. The only module that reads roles.

Rules:
- Coordination-group members edit the plans of their scope: the RIN of their
  region, or the strategy of their municipality (the municipal working group),
  and review that plan's yearly reports.
- Coordinating-CSD staff read the plans of their scope and file their yearly reports.
- Ministry reviewers read every plan and report and change nothing.
- Administrators may do everything.
- Everyone, also without signing in, reads plans that were confirmed or adopted
  (under amendment: the confirmed text) and their approved yearly reports, and the
  draft of a plan in public consultation (the current draft, which may still change).

Outside a user's scope an object does not exist for them (404); a visitor who is
not signed in is sent to sign in instead (`_out_of_reach`). Inside it, an action their
role does not allow is refused with 403. Views fetch objects only
through the `get_*` accessors below; lists start from the `*_visible_to` selectors.
"""

from collections.abc import Collection
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from municipalities.models import Municipality, Region
from plans import reference
from plans.models import Plan, YearlyReport
from providers.models import Provider

from .models import Role
from .prepared import prepared
from .queries import the_one


@dataclass(frozen=True)
class Scopes:
    """The roles of one user, read once per request."""

    member_regions: frozenset[int] = frozenset()
    member_municipalities: frozenset[int] = frozenset()
    staff_regions: frozenset[int] = frozenset()
    staff_municipalities: frozenset[int] = frozenset()
    is_reviewer: bool = False
    is_admin: bool = False

    @property
    def is_national(self) -> bool:
        return self.is_reviewer or self.is_admin

    @property
    def has_any_role(self) -> bool:
        return bool(
            self.member_regions
            or self.member_municipalities
            or self.staff_regions
            or self.staff_municipalities
            or self.is_national
        )


ANONYMOUS = Scopes()


def scopes_of(user) -> Scopes:
    if not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_rin_scopes", None)
    if cached is not None:
        return cached
    # Read from the database, once per request; a signed-in user's are kept with the
    # user under the people generation (rin_portal/auth.py), which any change of users or
    # roles renews, however it is made (the admin, a queryset update, a bulk insert).
    member_regions, member_municipalities, staff_regions, staff_municipalities = (
        set(),
        set(),
        set(),
        set(),
    )
    is_reviewer = is_admin = user.is_superuser
    for kind, region_id, municipality_id in Role.objects.filter(user=user).values_list(
        "kind", "region_id", "municipality_id"
    ):
        if kind == Role.Kind.REVIEWER:
            is_reviewer = True
        elif kind == Role.Kind.ADMINISTRATOR:
            is_admin = True
        elif kind == Role.Kind.GROUP_MEMBER:
            (
                member_regions.add(region_id)
                if region_id
                else member_municipalities.add(municipality_id)
            )
        elif kind == Role.Kind.CSD_STAFF:
            (
                staff_regions.add(region_id)
                if region_id
                else staff_municipalities.add(municipality_id)
            )
    scopes = Scopes(
        frozenset(member_regions),
        frozenset(member_municipalities),
        frozenset(staff_regions),
        frozenset(staff_municipalities),
        is_reviewer,
        is_admin,
    )
    user._rin_scopes = scopes
    return scopes


def _in_scope(plan: Plan, regions: frozenset[int], municipalities: frozenset[int]) -> bool:
    if plan.region_id is not None:
        return plan.region_id in regions
    return plan.municipality_id in municipalities


def _scope_q(regions: Collection[int], municipalities: Collection[int], prefix: str = "") -> Q:
    return Q(**{f"{prefix}region_id__in": regions}) | Q(
        **{f"{prefix}municipality_id__in": municipalities}
    )


def _out_of_reach(user) -> Exception:
    """What a page outside the user's reach answers: it does not exist (404). A visitor
    who is not signed in (or whose session ended) is asked to sign in instead: the 403
    that rin_portal.errors turns into the sign-in page, which brings them back. So is one
    who asks for what does not exist at all, so that the answer reveals nothing."""
    return Http404() if user.is_authenticated else PermissionDenied()


# Plans ---------------------------------------------------------------------------------


def public_plans_q(prefix: str = "") -> Q:
    """Plans whose text everyone reads, also without signing in: confirmed or adopted at
    least once, or drafts in public consultation (`Plan.is_readable_by_public`). A draft
    taken back out of consultation is not public any more."""
    return Q(**{f"{prefix}confirmed_on__isnull": False}) | Q(
        **{f"{prefix}status": Plan.Status.CONSULTATION}
    )


def plans_visible_to(user) -> QuerySet[Plan]:
    """Every plan the user may open: public ones, and drafts within the user's scope."""
    return _plans_visible(*reach(user))


def visible_plans_newest_first(user) -> list[Plan]:
    """`plans_visible_to(user)`, newest first, then by title, with SQL compiled once
    (rin_portal/prepared.py): the home page's one query."""
    return _visible_plans_newest_first(*reach(user))


def reach(user) -> tuple[bool, list[int], list[int]]:
    """Whether the user sees every plan and report, else the regions and municipalities
    whose drafts and reports they see (sorted lists: the arguments of the `..._within`
    querysets, which `prepared` compiles once for each shape of reach)."""
    scopes = scopes_of(user)
    if scopes.is_national:
        return True, [], []
    return (
        False,
        sorted(scopes.member_regions | scopes.staff_regions),
        sorted(scopes.member_municipalities | scopes.staff_municipalities),
    )


def _plans_visible(every: bool, regions: list[int], municipalities: list[int]) -> QuerySet[Plan]:
    plans = Plan.objects.all()
    if every:
        return plans
    return plans.filter(public_plans_q() | _scope_q(regions, municipalities))


_visible_plans_newest_first = prepared(
    lambda every, regions, municipalities: _plans_visible(every, regions, municipalities).order_by(
        "-first_year", "title"
    )
)


def plans_editable_by(user) -> QuerySet[Plan]:
    scopes = scopes_of(user)
    if scopes.is_admin:
        return Plan.objects.all()
    return Plan.objects.filter(_scope_q(scopes.member_regions, scopes.member_municipalities))


def can_view_plan(user, plan: Plan) -> bool:
    scopes = scopes_of(user)
    return (
        plan.is_readable_by_public
        or scopes.is_national
        or _in_scope(
            plan,
            scopes.member_regions | scopes.staff_regions,
            scopes.member_municipalities | scopes.staff_municipalities,
        )
    )


def can_view_plan_drafts(user, plan: Plan) -> bool:
    """May see the working text of a plan, not only its confirmed version."""
    scopes = scopes_of(user)
    return scopes.is_national or _in_scope(
        plan,
        scopes.member_regions | scopes.staff_regions,
        scopes.member_municipalities | scopes.staff_municipalities,
    )


def can_edit_plan(user, plan: Plan) -> bool:
    """May change the plan's content and lifecycle (whatever the plan's status allows)."""
    scopes = scopes_of(user)
    return scopes.is_admin or _in_scope(plan, scopes.member_regions, scopes.member_municipalities)


def can_create_plan(user) -> bool:
    scopes = scopes_of(user)
    return scopes.is_admin or bool(scopes.member_regions or scopes.member_municipalities)


def regions_for_new_plans(user) -> QuerySet[Region]:
    scopes = scopes_of(user)
    regions = Region.objects.all()
    return regions if scopes.is_admin else regions.filter(pk__in=scopes.member_regions)


def municipalities_for_new_plans(user) -> QuerySet[Municipality]:
    scopes = scopes_of(user)
    municipalities = Municipality.objects.all()
    if scopes.is_admin:
        return municipalities
    return municipalities.filter(pk__in=scopes.member_municipalities)


def get_plan_for_view(user, slug: str) -> Plan:
    # Kept in each process under the generations (plans/reference.py), with its region,
    # municipality and national programme attached; no joins. The coordinator and the
    # predecessor only the plan's text shows, mostly cached (plans.selectors.plan_header
    # loads them if not).
    plan = reference.plan(slug)
    if plan is None or not can_view_plan(user, plan):
        raise _out_of_reach(user)
    return plan


def get_plan_for_edit(user, slug: str) -> Plan:
    plan = get_plan_for_view(user, slug)
    if not can_edit_plan(user, plan):
        raise PermissionDenied
    return plan


def plan_actions(user, plan: Plan) -> dict[str, bool]:
    """What the templates may offer on a plan's pages."""
    edit = can_edit_plan(user, plan)
    return {
        "view_drafts": can_view_plan_drafts(user, plan),
        "edit": edit and plan.is_content_editable,
        "manage_lifecycle": edit,
        "view_history": can_view_plan_drafts(user, plan),
        "view_progress": can_view_progress(user, plan),
        "file_progress": can_file_progress(user, plan),
        "review_progress": can_review_progress(user, plan),
    }


def providers_for_plan(plan: Plan) -> QuerySet[Provider]:
    """Providers a plan may name: active ones seated in or serving the plan's region."""
    return providers_for_region(plan.scope_region)


def providers_for_region(region: Region) -> QuerySet[Provider]:
    return (
        Provider.objects.filter(is_active=True)
        .filter(Q(seat__region=region) | Q(municipalities_served__region=region))
        .distinct()
    )


def municipalities_for_plan(plan: Plan) -> QuerySet[Municipality]:
    if plan.municipality_id is not None:
        return Municipality.objects.filter(pk=plan.municipality_id)
    return Municipality.objects.filter(region_id=plan.region_id)


# News ---------------------------------------------------------------------------------


def can_publish_news(user, region: Region) -> bool:
    """Coordination-group members publish their region's news."""
    scopes = scopes_of(user)
    return scopes.is_admin or region.pk in scopes.member_regions


def region_plans_q(region: Region) -> Q:
    """Plans of a region: its RINs and the strategies of its municipalities."""
    return Q(region=region) | Q(municipality__region=region)


def regions_for_news(user) -> QuerySet[Region]:
    scopes = scopes_of(user)
    regions = Region.objects.all()
    return regions if scopes.is_admin else regions.filter(pk__in=scopes.member_regions)


# Yearly progress -----------------------------------------------------------------------


def can_view_progress(user, plan: Plan) -> bool:
    scopes = scopes_of(user)
    return scopes.is_national or _in_scope(
        plan,
        scopes.member_regions | scopes.staff_regions,
        scopes.member_municipalities | scopes.staff_municipalities,
    )


def can_file_progress(user, plan: Plan) -> bool:
    scopes = scopes_of(user)
    return scopes.is_admin or _in_scope(plan, scopes.staff_regions, scopes.staff_municipalities)


def can_review_progress(user, plan: Plan) -> bool:
    return can_edit_plan(user, plan)


def reports_visible_to(user) -> QuerySet[YearlyReport]:
    return reports_within(*reach(user))


def reports_within(
    every: bool, regions: list[int], municipalities: list[int]
) -> QuerySet[YearlyReport]:
    """The reports visible to a user of this `reach`."""
    reports = YearlyReport.objects.all()
    if every:
        return reports
    public = Q(status=YearlyReport.Status.APPROVED, plan__confirmed_on__isnull=False)
    return reports.filter(public | _scope_q(regions, municipalities, prefix="plan__"))


def can_view_report(user, report: YearlyReport) -> bool:
    if report.status == YearlyReport.Status.APPROVED and report.plan.is_public:
        return True
    return can_view_progress(user, report.plan)


def get_report_for_view(user, plan_slug: str, year: int) -> YearlyReport:
    # The plan as `get_plan_for_view` finds it (kept in the process, no join of its wide
    # row), then the report by the plan's id: 1 query when the plan is kept.
    plan = reference.plan(plan_slug)
    found = _reports_of_plan_year(plan.pk, year) if plan is not None else []
    if not found:
        raise _out_of_reach(user)
    [report] = found  # one a year (a unique constraint)
    report.plan = plan
    if not can_view_report(user, report):
        raise _out_of_reach(user)
    return report


_reports_of_plan_year = prepared(
    # Without the model's ordering, which joins the plan's row (and took PostgreSQL
    # longer to plan than to run).
    lambda plan_id, year: YearlyReport.objects.filter(plan_id=plan_id, year=year).order_by()
)


def get_report_for_filing(user, plan_slug: str, year: int) -> YearlyReport:
    report = get_report_for_view(user, plan_slug, year)
    if not can_file_progress(user, report.plan):
        raise PermissionDenied
    return report


def get_report_for_review(user, plan_slug: str, year: int) -> YearlyReport:
    report = get_report_for_view(user, plan_slug, year)
    if not can_review_progress(user, report.plan):
        raise PermissionDenied
    return report


def report_actions(user, report: YearlyReport) -> dict[str, bool]:
    return {
        "file": can_file_progress(user, report.plan),
        "review": can_review_progress(user, report.plan),
        "view_progress": can_view_progress(user, report.plan),
    }


# National reading ----------------------------------------------------------------------


def scope_plan_kind(user) -> str:
    """The kind of plan the user works on: "strategy" when every role is a municipality's
    (its working group, its CSD staff), so that pages over the user's scope can call
    them strategies; otherwise "rin" (regional and national roles see plans)."""
    scopes = scopes_of(user)
    municipal_only = not (scopes.member_regions or scopes.staff_regions or scopes.is_national)
    if municipal_only and (scopes.member_municipalities or scopes.staff_municipalities):
        return Plan.Kind.STRATEGY
    return Plan.Kind.RIN


def can_view_national_overview(user) -> bool:
    return scopes_of(user).is_national


def can_use_admin(user) -> bool:
    return user.is_active and user.is_staff


# In the admin, staff who are not superusers may be given Django's rights to edit users
# and roles (a help desk). Those rights must not let them make themselves or anyone else
# an administrator, nor take over an administrator's account.


def is_privileged_account(account) -> bool:
    """A superuser, or a holder of the portal's administrator role: may do everything."""
    return (
        account.is_superuser
        or Role.objects.filter(user=account, kind=Role.Kind.ADMINISTRATOR).exists()
    )


def can_manage_account_in_admin(user, account) -> bool:
    """Change, deactivate, delete or set the password of `account` in the admin."""
    return user.is_superuser or not is_privileged_account(account)


def can_manage_role_in_admin(user, kind: str, holder) -> bool:
    """Give, change or take away a role of `kind` held by `holder`: a superuser any;
    other staff neither the administrator role nor their own roles."""
    if user.is_superuser:
        return True
    return kind != Role.Kind.ADMINISTRATOR and holder.pk != user.pk


def can_manage_roles_of_in_admin(user, holder) -> bool:
    """Give or take away roles on `holder`'s own page in the admin: a superuser anyone's;
    other staff neither their own nor an administrator's (whose account they may not
    change). Each role given or taken is still checked by `can_manage_role_in_admin`."""
    return user.is_superuser or (holder.pk != user.pk and not is_privileged_account(holder))


# The user's fields that give rights in the admin itself: only a superuser changes them.
ADMIN_RIGHTS_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")


# Yearly progress ---------------------------------------------------------------------
# Filing, review and deadlines of yearly reports (plans/progress/).


def plans_with_progress_visible_to(user) -> QuerySet[Plan]:
    """Plans whose yearly progress the user follows: in scope, or every plan nationally."""
    return plans_with_progress_within(*reach(user))


def plans_with_progress_within(
    every: bool, regions: list[int], municipalities: list[int]
) -> QuerySet[Plan]:
    """The plans whose progress a user of this `reach` follows."""
    if every:
        return Plan.objects.all()
    return Plan.objects.filter(_scope_q(regions, municipalities))


def get_plan_for_progress_filing(user, slug: str) -> Plan:
    """The plan on which the user opens yearly reports: CSD staff of its scope."""
    plan = get_plan_for_view(user, slug)
    if not can_file_progress(user, plan):
        raise PermissionDenied
    return plan


def get_plan_for_progress_view(user, slug: str) -> Plan:
    """The plan whose whole yearly progress (drafts included) the user may read."""
    plan = get_plan_for_view(user, slug)
    if not can_view_progress(user, plan):
        raise PermissionDenied
    return plan


def can_reopen_report(user, report: YearlyReport) -> bool:
    """Approval is the coordination group's: so is reopening an approved year."""
    return can_review_progress(user, report.plan)


def get_report_for_reopening(user, plan_slug: str, year: int) -> YearlyReport:
    report = get_report_for_view(user, plan_slug, year)
    if not can_reopen_report(user, report):
        raise PermissionDenied
    return report


def _role_holders(plan: Plan, kind: str):
    from django.contrib.auth import get_user_model

    scope = (
        Q(roles__region_id=plan.region_id)
        if plan.region_id is not None
        else Q(roles__municipality_id=plan.municipality_id)
    )
    return (
        get_user_model()
        .objects.filter(scope, roles__kind=kind, is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def progress_reviewers_of(plan: Plan):
    """Who hears of a submitted report: the coordination (or working) group of the plan's scope."""
    return _role_holders(plan, Role.Kind.GROUP_MEMBER)


def progress_filers_of(plan: Plan):
    """Who is reminded of a report due: the coordinating CSD's staff of the plan's scope."""
    return _role_holders(plan, Role.Kind.CSD_STAFF)


# Documents -----------------------------------------------------------------------------
# PDF and XLSX documents (reports/). A document shows its plan, report or the national
# overview as one audience may read it, so reading it needs the same right as reading
# that data: the working text of a plan needs the right to see drafts, a report's
# working text the right to see progress, the national overview a national role.

from reports.models import Document  # noqa: E402


def document_audience_for_plan(user, plan: Plan) -> str:
    if can_view_plan_drafts(user, plan):
        return Document.Audience.WORKING
    return Document.Audience.PUBLIC


def document_audience_for_report(user, report: YearlyReport) -> str:
    if can_view_progress(user, report.plan):
        return Document.Audience.WORKING
    return Document.Audience.PUBLIC


def can_view_document(user, document: Document) -> bool:
    if document.kind == Document.Kind.NATIONAL:
        return can_view_national_overview(user)
    if document.kind == Document.Kind.YEARLY:
        if document.audience == Document.Audience.WORKING:
            return can_view_progress(user, document.plan)
        return can_view_report(user, document.report)
    if document.audience == Document.Audience.WORKING:
        return can_view_plan_drafts(user, document.plan)
    return can_view_plan(user, document.plan)


def get_document_for_view(user, pk: int) -> Document:
    """404 when the document's plan or report is outside the user's reach (the sign-in
    page for a visitor who is not signed in); 403 when
    the user reads that plan or report but not this audience's text (or, for the
    national overview, has no national role)."""
    document = the_one(
        Document.objects.select_related(
            "plan__region", "plan__municipality__region", "report__plan", "region"
        )
        # Not what was rendered (a national overview's is over a megabyte): the status
        # page polls this lookup, and downloads need only the file.
        .defer("data")
        .filter(pk=pk)
    )
    if document is None:
        raise _out_of_reach(user)
    if document.kind == Document.Kind.YEARLY:
        if not can_view_report(user, document.report):
            raise _out_of_reach(user)
    elif document.kind != Document.Kind.NATIONAL and not can_view_plan(user, document.plan):
        raise _out_of_reach(user)
    if not can_view_document(user, document):
        raise PermissionDenied
    return document


def documents_visible_to(user) -> QuerySet[Document]:
    return documents_within(*reach(user))


def documents_within(
    every: bool, regions: list[int], municipalities: list[int]
) -> QuerySet[Document]:
    """The documents visible to a user of this `reach`."""
    documents = Document.objects.all()
    if every:
        return documents
    # As can_view_plan and can_view_report: a plan's public text while the plan is public
    # (a draft in consultation too), a report's once approved, of a confirmed plan.
    public = Q(audience=Document.Audience.PUBLIC) & (
        (~Q(kind=Document.Kind.YEARLY) & public_plans_q("plan__"))
        | Q(report__status=YearlyReport.Status.APPROVED, plan__confirmed_on__isnull=False)
    )
    return documents.filter(public | _scope_q(regions, municipalities, prefix="plan__"))
