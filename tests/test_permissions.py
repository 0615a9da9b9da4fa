"""Every URL × every persona → the expected status.

Personas: anonymous, a coordination-group member of Gorenjska (own region), a member
of Pomurska (other region), CSD staff of Gorenjska, a ministry reviewer and an
administrator. The objects are a *draft* Gorenjska plan and its parts, so nothing is
public. A URL added without an entry in ACCESS fails `test_every_url_has_an_entry`.
"""

from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from news.models import NewsItem
from plans.models import Activity, Chapter, FundingLine, Goal, GroupMember, Plan
from reports.services import document_request_plan
from rin_portal.models import Role, SecurityEvent

from .builders import make_plan, make_programme

PERSONAS = ["anonymous", "member", "outsider", "staff", "reviewer", "admin"]

# Namespaces tested elsewhere: the Django admin has its own permission system; the
# yearly-progress URLs have the same matrix in tests/plans/progress/test_permissions.py.
SKIPPED_NAMESPACES = {"admin", "progress"}


@dataclass
class Access:
    args: object  # callable(world) -> list of URL args
    expected: dict[str, int]
    post: dict | None = None  # for writes: data to post as each denied persona
    variants: list = field(default_factory=list)


def same(code: int) -> dict[str, int]:
    return dict.fromkeys(PERSONAS, code)


EDIT = {
    "anonymous": 302,
    "member": 200,
    "outsider": 404,
    "staff": 403,
    "reviewer": 403,
    "admin": 200,
}
READ_DRAFT = {
    "anonymous": 302,  # to sign in: it may be theirs once they have
    "member": 200,
    "outsider": 404,
    "staff": 200,
    "reviewer": 200,
    "admin": 200,
}
READ_HISTORY = {
    "anonymous": 302,
    "member": 200,
    "outsider": 404,
    "staff": 200,
    "reviewer": 200,
    "admin": 200,
}
SIGNED_IN_REDIRECT = {"anonymous": 200, **dict.fromkeys(PERSONAS[1:], 302)}

PARTS = {
    "poglavja": "chapter",
    "clani": "member",
    "podrocja": "area",
    "cilji": "goal",
    "programi": "programme",
    "aktivnosti": "activity",
    "financiranje": "funding",
    "kazalniki": "indicator",
}

ACCESS: dict[str, Access] = {
    "home": Access(lambda w: [], same(200)),
    "health": Access(lambda w: [], same(200)),
    # Whether one is signed in, and for how long: anyone may ask, about themselves only.
    "session_status": Access(lambda w: [], same(200)),
    "session_extend": Access(lambda w: [], same(405)),
    "login": Access(lambda w: [], SIGNED_IN_REDIRECT),
    "logout": Access(lambda w: [], {**same(405), "anonymous": 302}),
    "password_change": Access(lambda w: [], {**same(200), "anonymous": 302}),
    "set_language": Access(lambda w: [], same(302)),
    "accessibility": Access(lambda w: [], same(200)),
    "privacy": Access(lambda w: [], same(200)),
    "plans:list": Access(lambda w: [], same(200)),
    "plans:create": Access(
        lambda w: [],
        {
            "anonymous": 302,
            "member": 200,
            "outsider": 200,
            "staff": 403,
            "reviewer": 403,
            "admin": 200,
        },
    ),
    "plans:detail": Access(lambda w: [w.plan.slug], READ_DRAFT),
    "plans:edit": Access(lambda w: [w.plan.slug], EDIT, post={"title": "Prepisano", "version": 1}),
    "plans:step": Access(
        lambda w: [w.plan.slug, "confirm"],
        EDIT,
        post={"version": 1, "confirmed_on": "2017-06-01", "confirmed_by": "X"},
        variants=[
            lambda w, step=step: [w.plan.slug, step]
            for step in ("consultation", "withdraw", "amend", "close")
        ],
    ),
    "plans:successor": Access(
        lambda w: [w.plan.slug], EDIT, post={"title": "Nov", "first_year": 2021, "last_year": 2024}
    ),
    "plans:history": Access(lambda w: [w.plan.slug], READ_HISTORY),
    "plans:compare": Access(lambda w: [w.plan.slug], READ_HISTORY),
    "plans:programme": Access(lambda w: [w.plan.slug, w.objects["programme"].pk], READ_DRAFT),
    "plans:content_create": Access(
        lambda w: [w.plan.slug, "poglavja"],
        EDIT,
        post={"title": "Vsiljeno poglavje", "body": ""},
        variants=[
            lambda w, s=s: [w.plan.slug, s] for s in ("clani", "podrocja", "cilji", "programi")
        ],
    ),
    "plans:programme_content_create": Access(
        lambda w: [w.plan.slug, w.objects["programme"].pk, "aktivnosti"],
        EDIT,
        post={"description": "Vsiljeno"},
        variants=[
            lambda w, s=s: [w.plan.slug, w.objects["programme"].pk, s]
            for s in ("financiranje", "kazalniki")
        ],
    ),
    "plans:content_edit": Access(
        lambda w: [w.plan.slug, "poglavja", w.objects["chapter"].pk],
        EDIT,
        post={"title": "Prepisano", "body": "", "version": 1},
        variants=[lambda w, s=s, k=k: [w.plan.slug, s, w.objects[k].pk] for s, k in PARTS.items()],
    ),
    "plans:content_delete": Access(
        lambda w: [w.plan.slug, "poglavja", w.objects["chapter"].pk],
        EDIT,
        post={"version": 1},
        variants=[lambda w, s=s, k=k: [w.plan.slug, s, w.objects[k].pk] for s, k in PARTS.items()],
    ),
    "plans:content_move": Access(
        lambda w: [w.plan.slug, "poglavja", w.objects["chapter"].pk],
        {**same(405), "anonymous": 302},
        post={"direction": "down", "order": ""},
    ),
    # The public portal: regions, published plans, news, e-news (news/).
    "public:feed": Access(lambda w: [], same(200)),
    "public:region_feed": Access(lambda w: [w.plan.region.slug], same(200)),
    "public:region": Access(lambda w: [w.plan.region.slug], same(200)),
    "public:plan": Access(
        lambda w: [w.plan.region.slug, w.plan.slug], same(404)
    ),  # a draft: never public
    "public:news_item": Access(lambda w: [w.plan.region.slug, w.objects["news"].pk], same(200)),
    "public:news_create": Access(
        lambda w: [w.plan.region.slug],
        {
            "anonymous": 302,
            "member": 200,
            "outsider": 403,
            "staff": 403,
            "reviewer": 403,
            "admin": 200,
        },
        post={"title": "Vsiljena novica", "body": "x", "published_on": "2026-11-20"},
    ),
    "public:report": Access(
        lambda w: [w.plan.region.slug, w.plan.slug, 2017], same(404)
    ),  # not approved
    "public:subscribe": Access(lambda w: [], same(200)),
    # Documents (reports/): the world's plan is a draft, so its document is a working text.
    "reports:list": Access(lambda w: [], {**same(200), "anonymous": 302}),
    "reports:plan": Access(lambda w: [w.plan.slug], READ_DRAFT),
    "reports:plan_request": Access(lambda w: [w.plan.slug], same(405)),
    "reports:national_request": Access(lambda w: [], {**same(405), "anonymous": 302}),
    "reports:status": Access(lambda w: [w.objects["document"].pk], READ_DRAFT),
    "reports:status_json": Access(lambda w: [w.objects["document"].pk], READ_DRAFT),
    "reports:retry": Access(lambda w: [w.objects["document"].pk], same(405)),
    # A document still being prepared: readers are sent to its status page.
    "reports:download": Access(
        lambda w: [w.objects["document"].pk], {**same(302), "outsider": 404}
    ),
    "public:confirm": Access(lambda w: ["ni-zetona"], same(200)),  # asks; a POST acts
    "public:unsubscribe": Access(lambda w: ["ni-zetona"], same(200)),
}


def _url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            yield from _url_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_url_has_an_entry():
    missing = sorted(set(_url_names()) - set(ACCESS))
    assert missing == [], f"Add these URLs to tests/test_permissions.py ACCESS: {missing}"


@dataclass
class World:
    plan: Plan
    objects: dict
    users: dict


@pytest.fixture
def world(gorenjska, pomurska):
    plan = make_plan(region=gorenjska, slug="osnutek")
    programme = make_programme(plan)
    objects = {
        "programme": programme,
        "area": programme.area,
        "goal": Goal.objects.get(plan=plan),
        "chapter": Chapter.objects.create(plan=plan, title="Uvod"),
        "member": GroupMember.objects.create(
            plan=plan, person_name="Ana", organisation="CSD", represents="ngo"
        ),
        "activity": Activity.objects.create(programme=programme, description="Delavnice"),
        "funding": FundingLine.objects.get(programme=programme),
        "indicator": programme.indicators.get(),
        "news": NewsItem.objects.create(
            region=gorenjska, title="Novica", body="x", published_on="2026-11-01"
        ),
    }
    User = get_user_model()
    users = {"anonymous": None}
    requester = User.objects.create_user("requester")
    objects["document"] = document_request_plan(
        user=requester, plan=plan, format="pdf", audience="working"
    )
    for persona, kind, region in [
        ("member", Role.Kind.GROUP_MEMBER, gorenjska),
        ("outsider", Role.Kind.GROUP_MEMBER, pomurska),
        ("staff", Role.Kind.CSD_STAFF, gorenjska),
        ("reviewer", Role.Kind.REVIEWER, None),
        ("admin", Role.Kind.ADMINISTRATOR, None),
    ]:
        user = User.objects.create_user(persona, password="test-password-123")
        Role.objects.create(user=user, kind=kind, region=region)
        users[persona] = user
    return World(plan, objects, users)


def _cases():
    for name, access in ACCESS.items():
        for index in range(1 + len(access.variants)):
            for persona in PERSONAS:
                yield pytest.param(name, index, persona, id=f"{name}[{index}]-{persona}")


def _args(name, index, world):
    access = ACCESS[name]
    return [access.args, *access.variants][index](world)


@pytest.mark.parametrize("name,index,persona", list(_cases()))
def test_get_returns_the_expected_status(client, world, name, index, persona):
    if world.users[persona]:
        client.force_login(world.users[persona])
    response = client.get(reverse(name, args=_args(name, index, world)))
    assert response.status_code == ACCESS[name].expected[persona]


HEAD_CASES = [
    pytest.param(name, index, persona, id=f"{name}[{index}]-{persona}")
    for name, access in ACCESS.items()
    for index in range(1 + len(access.variants))
    for persona in ("anonymous", "admin")
]


@pytest.mark.parametrize("name,index,persona", HEAD_CASES)
def test_head_answers_as_get_without_a_body(client, world, name, index, persona):
    """Link checkers and mail scanners ask with HEAD: what a GET reads, a HEAD reads
    too (not 405), and a HEAD changes nothing a GET would not."""
    if world.users[persona]:
        client.force_login(world.users[persona])
    before = _state(world)
    response = client.head(reverse(name, args=_args(name, index, world)))
    assert response.status_code == ACCESS[name].expected[persona]
    assert response.content == b""
    assert _state(world) == before


DENIED = [
    pytest.param(name, index, persona, id=f"{name}[{index}]-{persona}")
    for name, access in ACCESS.items()
    if access.post is not None
    for index in range(1 + len(access.variants))
    for persona in PERSONAS
    if access.expected[persona] in (302, 403, 404, 405)
    and persona != "member"
    and persona != "admin"
]


def _state(world):
    plan = Plan.objects.get(pk=world.plan.pk)
    return (
        plan.revision,
        plan.status,
        plan.title,
        plan.changes.count(),
        Plan.objects.count(),
        NewsItem.objects.count(),
    )


@pytest.mark.parametrize("name,index,persona", DENIED)
def test_denied_writes_change_nothing(client, world, name, index, persona):
    if world.users[persona]:
        client.force_login(world.users[persona])
    before = _state(world)
    response = client.post(reverse(name, args=_args(name, index, world)), ACCESS[name].post)
    assert response.status_code in (302, 403, 404, 405)
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("login"))
    assert _state(world) == before


OTHER_METHOD_CASES = [
    pytest.param(name, index, persona, method, id=f"{name}[{index}]-{persona}-{method}")
    for name, access in ACCESS.items()
    for index in range(1 + len(access.variants))
    for persona in ("anonymous", "admin")
    for method in ("put", "delete")
]


def needs_sign_in(path: str) -> bool:
    """Whether LoginRequiredMiddleware sends a visitor to sign in before the view runs."""
    return getattr(resolve(path).func, "login_required", True)


@pytest.mark.parametrize("name,index,persona,method", OTHER_METHOD_CASES)
def test_other_methods_are_not_allowed(client, world, name, index, persona, method):
    """A PUT or a DELETE is answered 405, never with a page, an action or a 500; a
    visitor asking for a page that needs signing in is sent to sign in, as by a GET."""
    if world.users[persona]:
        client.force_login(world.users[persona])
    path = reverse(name, args=_args(name, index, world))
    before = (_state(world), SecurityEvent.objects.exclude(kind="login").count())
    response = getattr(client, method)(path)
    if persona == "anonymous" and needs_sign_in(path):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == 405
    assert (_state(world), SecurityEvent.objects.exclude(kind="login").count()) == before


@pytest.mark.parametrize(
    "url",
    [
        lambda w: reverse("plans:detail", args=[w.plan.slug]),
        lambda w: reverse("plans:programme", args=[w.plan.slug, w.objects["programme"].pk]),
        lambda w: reverse("reports:plan", args=[w.plan.slug]),
        lambda w: reverse("reports:status", args=[w.objects["document"].pk]),
    ],
)
def test_a_member_signed_out_meanwhile_is_sent_to_sign_in_and_brought_back(client, world, url):
    # The session ended (30 minutes idle) and the member reloads their draft plan: the
    # sign-in page, not "Page not found".
    path = url(world)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={path}"
    client.force_login(world.users["member"])
    assert client.get(path).status_code == 200
    # Signed in but outside the plan's region, it still does not exist.
    client.force_login(world.users["outsider"])
    assert client.get(path).status_code == 404


def test_a_visitor_learns_nothing_of_which_drafts_exist(client, world):
    """A draft's address and one that never existed answer a visitor alike."""
    draft = client.get(reverse("plans:detail", args=[world.plan.slug]))
    missing = client.get(reverse("plans:detail", args=["ni-takega-nacrta"]))
    assert draft.status_code == missing.status_code == 302
    assert missing["Location"] == f"{reverse('login')}?next=/nacrti/ni-takega-nacrta/"
