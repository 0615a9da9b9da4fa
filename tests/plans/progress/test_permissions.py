"""Every yearly-progress URL × every persona → the expected status; denied writes change nothing.

The plan is a confirmed (so public) Gorenjska RIN with a draft report for 2017, a
submitted one for 2018 and an approved one for 2019. A progress URL added without an
entry in ACCESS fails `test_every_progress_url_has_an_entry`.
"""

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLResolver, get_resolver, resolve, reverse

from plans.models import ChangeRecord, EvidenceFile, ReportEntry, YearlyReport
from plans.progress import services
from rin_portal.models import Role, SecurityEvent
from tests import builders

from .conftest import fill

PERSONAS = ["anonymous", "member", "outsider", "staff", "reviewer", "admin"]


def expect(anonymous, member, outsider, staff, reviewer, admin) -> dict[str, int]:
    return dict(zip(PERSONAS, (anonymous, member, outsider, staff, reviewer, admin), strict=True))


POST_ONLY = expect(302, 405, 405, 405, 405, 405)
FILE = expect(302, 403, 404, 200, 403, 200)
READ_DRAFT = expect(302, 200, 404, 200, 200, 200)  # a visitor: to sign in


@dataclass
class Access:
    args: object  # callable(world) -> URL args
    expected: dict[str, int]
    post: dict | None = None  # a write each denied persona tries
    writers: tuple[str, ...] = ("admin",)  # who may make it


FILERS, REVIEWERS = ("staff", "admin"), ("member", "admin")


def _draft(w):
    return [w.slug, 2017]


ACCESS = {
    "progress:dashboard": Access(lambda w: [], expect(302, 200, 200, 200, 200, 200)),
    "progress:plan_reports": Access(lambda w: [w.slug], expect(200, 200, 200, 200, 200, 200)),
    "progress:open": Access(lambda w: [w.slug], POST_ONLY, post={"year": 2020}, writers=FILERS),
    "progress:programmes_export": Access(lambda w: [w.slug], expect(302, 200, 403, 200, 200, 200)),
    "progress:report": Access(_draft, READ_DRAFT),
    "progress:evidence": Access(lambda w: [w.slug, 2017, w.evidence.pk], READ_DRAFT),
    "progress:grid": Access(_draft, FILE, post={"dummy": "1"}, writers=FILERS),
    "progress:submit": Access(_draft, POST_ONLY, post={"version": 2}, writers=FILERS),
    "progress:review": Access(lambda w: [w.slug, 2018], expect(302, 200, 404, 403, 403, 200)),
    "progress:return": Access(
        lambda w: [w.slug, 2018], POST_ONLY, post={"version": 3}, writers=REVIEWERS
    ),
    "progress:approve": Access(
        lambda w: [w.slug, 2018], POST_ONLY, post={"version": 3}, writers=REVIEWERS
    ),
    "progress:reopen": Access(
        lambda w: [w.slug, 2019],
        expect(302, 200, 403, 403, 403, 200),
        post={"version": 4, "reason": "x"},
        writers=REVIEWERS,
    ),
    "progress:export": Access(_draft, READ_DRAFT),
    "progress:import": Access(_draft, FILE, post={"workbook": ""}, writers=FILERS),
    "progress:import_confirm": Access(_draft, POST_ONLY, post={"token": "x"}, writers=FILERS),
}


def test_every_progress_url_has_an_entry():
    [resolver] = [
        entry
        for entry in get_resolver().url_patterns
        if isinstance(entry, URLResolver) and entry.namespace == "progress"
    ]
    names = {f"progress:{pattern.name}" for pattern in resolver.url_patterns}
    assert names == set(ACCESS)


@dataclass
class World:
    slug: str
    evidence: EvidenceFile
    users: dict


@pytest.fixture
def world(gorenjska, pomurska):
    User = get_user_model()
    users = {"anonymous": None}
    for persona, kind, region in [
        ("member", Role.Kind.GROUP_MEMBER, gorenjska),
        ("outsider", Role.Kind.GROUP_MEMBER, pomurska),
        ("staff", Role.Kind.CSD_STAFF, gorenjska),
        ("reviewer", Role.Kind.REVIEWER, None),
        ("admin", Role.Kind.ADMINISTRATOR, None),
    ]:
        users[persona] = User.objects.create_user(persona, password="test-password-123")
        Role.objects.create(user=users[persona], kind=kind, region=region)
    plan = builders.make_plan(
        region=gorenjska, slug="potrjen", status="confirmed", confirmed_on="2017-06-30"
    )
    builders.make_programme(plan)
    staff, member = users["staff"], users["member"]
    reports = {
        year: services.report_open(plan=plan, year=year, user=staff) for year in (2017, 2018, 2019)
    }
    for year in (2018, 2019):
        fill(reports[year], staff)
        services.report_submit(report=reports[year], user=staff, version=reports[year].version)
    services.report_approve(report=reports[2019], user=member, version=reports[2019].version)
    entry = reports[2017].entries.get()
    upload = SimpleUploadedFile("dokaz.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    services.report_save(report=reports[2017], user=staff, entries=[], uploads={entry.pk: [upload]})
    return World(plan.slug, EvidenceFile.objects.get(), users)


CASES = [
    pytest.param(name, persona, id=f"{name}-{persona}") for name in ACCESS for persona in PERSONAS
]


@pytest.mark.parametrize("name,persona", CASES)
def test_get_returns_the_expected_status(client, world, name, persona):
    if world.users[persona]:
        client.force_login(world.users[persona])
    response = client.get(reverse(name, args=ACCESS[name].args(world)))
    assert response.status_code == ACCESS[name].expected[persona]


def _state():
    return (
        list(YearlyReport.objects.order_by("year").values_list("status", "version")),
        list(ReportEntry.objects.order_by("pk").values_list("version", "is_returned")),
        ChangeRecord.objects.count(),
        EvidenceFile.objects.count(),
    )


@pytest.mark.parametrize("name,persona", CASES)
def test_head_answers_as_get_and_changes_nothing(client, world, name, persona):
    """A HEAD (a link checker's) gets what a GET gets, without a body, and writes
    nothing, not even a download or an export in the security log."""
    if world.users[persona]:
        client.force_login(world.users[persona])
    before = (_state(), SecurityEvent.objects.exclude(kind="login").count())
    response = client.head(reverse(name, args=ACCESS[name].args(world)))
    assert response.status_code == ACCESS[name].expected[persona]
    body = response.streaming_content if response.streaming else [response.content]
    assert b"".join(body) == b""
    assert (_state(), SecurityEvent.objects.exclude(kind="login").count()) == before


DENIED_WRITES = [
    pytest.param(name, persona, id=f"{name}-{persona}")
    for name, access in ACCESS.items()
    if access.post is not None
    for persona in PERSONAS
    if persona not in access.writers
]


@pytest.mark.parametrize("name,persona", DENIED_WRITES)
def test_denied_writes_change_nothing(client, world, name, persona):
    if world.users[persona]:
        client.force_login(world.users[persona])
    before = _state()
    response = client.post(reverse(name, args=ACCESS[name].args(world)), ACCESS[name].post)
    assert response.status_code in (302, 400, 403, 404, 405)
    if response.status_code == 302 and persona == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    assert _state() == before


OTHER_METHOD_CASES = [
    pytest.param(name, persona, method, id=f"{name}-{persona}-{method}")
    for name in ACCESS
    for persona in ("anonymous", "admin")
    for method in ("put", "delete")
]


@pytest.mark.parametrize("name,persona,method", OTHER_METHOD_CASES)
def test_other_methods_are_not_allowed(client, world, name, persona, method):
    """As in tests/test_permissions.py: 405, or the sign-in page for a visitor where a
    GET needs signing in; nothing changes."""
    if world.users[persona]:
        client.force_login(world.users[persona])
    path = reverse(name, args=ACCESS[name].args(world))
    before = (_state(), SecurityEvent.objects.exclude(kind="login").count())
    response = getattr(client, method)(path)
    if persona == "anonymous" and getattr(resolve(path).func, "login_required", True):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == 405
    assert (_state(), SecurityEvent.objects.exclude(kind="login").count()) == before
