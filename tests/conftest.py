"""The cast (one user per role, plus outsiders) and the shared database set-up."""

import datetime
import os
import threading

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.utils import timezone, translation

from municipalities.models import Municipality, Region
from municipalities.services import reference_data_load
from plans import reference
from plans import selectors as plan_selectors
from plans.demo import demo_data_load
from plans.models import NationalProgramme
from plans.progress import selectors as progress_selectors
from plans.services.reference import national_programmes_load
from rin_portal import auth, caching
from rin_portal.models import Role

from . import builders
from .browser.conftest import CHROMIUM, CHROMIUM_ARGS

GORENJSKA = 9
POMURSKA = 1


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Reference data is loaded once, committed, for every test to read."""
    with django_db_blocker.unblock():
        reference_data_load()
        national_programmes_load()
    yield
    with django_db_blocker.unblock():
        _end_other_sessions()


def _end_other_sessions() -> None:
    """On PostgreSQL, end the sessions a test thread may have left open on the test
    database, so that dropping it at the end does not fail ("being accessed by other
    users"), as it did once in CI after a full run."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(autouse=True)
def _reference_data(request, django_db_blocker):
    """Put the reference data back if a transactional test flushed it (they may run
    between other tests of their file). Runs before the test's own transaction."""
    if "django_db_setup" not in request.fixturenames:
        return
    with django_db_blocker.unblock():
        reference_data_ensure()


def reference_data_ensure() -> None:
    """Load the reference data again if a transactional test has flushed it."""
    if not NationalProgramme.objects.exists():
        reference_data_load()
        national_programmes_load()


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with empty caches: its data may share ids and even the content
    generation (rolled back with the test) with an earlier test's."""
    cache.clear()
    caching.forget()
    auth.forget_users()
    reference.forget()
    progress_selectors.forget()
    plan_selectors.forget()
    # A request in English leaves its thread in English (the language middleware
    # activates, as Django's does, without deactivating): tests start in Slovenian.
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def saved(django_capture_on_commit_callbacks):
    """Runs a change and what happens when its transaction commits (tests never commit):
    the generations renew, as after a change in production."""

    def run(change, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(*args, **kwargs)

    return run


@pytest.fixture
def immediate_tasks(settings):
    """Run queued tasks (mail) at once, as the worker would, when they are queued."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "documents"],
        }
    }


@pytest.fixture
def days_later(monkeypatch):
    """`days_later(n)` moves the portal's today forward by n days (pages, the cache, the
    plan, documents); dates given to `timezone.localdate` still convert as they do."""
    real = timezone.localdate

    def move(days: int) -> None:
        def localdate(value=None, timezone=None):
            if value is not None:
                return real(value, timezone)
            return real() + datetime.timedelta(days=days)

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)

    return move


@pytest.fixture
def gorenjska(db) -> Region:
    return Region.objects.get(code=GORENJSKA)


@pytest.fixture
def pomurska(db) -> Region:
    return Region.objects.get(code=POMURSKA)


def _user(username: str, kind: str | None = None, **scope):
    user = get_user_model().objects.create_user(
        username=username,
        password="test-password-123",
        first_name=username.capitalize(),
        email=f"{username}@example.org",
    )
    if kind:
        Role.objects.create(user=user, kind=kind, **scope)
    return user


@pytest.fixture
def member(gorenjska):
    """A coordination-group member of Gorenjska."""
    return _user("member", Role.Kind.GROUP_MEMBER, region=gorenjska)


@pytest.fixture
def other_member(gorenjska):
    """A second Gorenjska member, for concurrent edits."""
    return _user("colleague", Role.Kind.GROUP_MEMBER, region=gorenjska)


@pytest.fixture
def staff(gorenjska):
    """Staff of the coordinating CSD for Gorenjska."""
    return _user("staff", Role.Kind.CSD_STAFF, region=gorenjska)


@pytest.fixture
def reviewer(db):
    return _user("reviewer", Role.Kind.REVIEWER)


@pytest.fixture
def administrator(db):
    user = _user("administrator", Role.Kind.ADMINISTRATOR)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


@pytest.fixture
def outsider(pomurska):
    """A coordination-group member of another region (Pomurska)."""
    return _user("outsider", Role.Kind.GROUP_MEMBER, region=pomurska)


@pytest.fixture
def velenje_staff(db):
    """CSD staff who file the Velenje strategy's yearly reports."""
    return _user(
        "velenje-csd", Role.Kind.CSD_STAFF, municipality=Municipality.objects.get(code=133)
    )


@pytest.fixture
def velenje_member(db):
    """A member of Velenje's municipal working group."""
    return _user("velenje", Role.Kind.GROUP_MEMBER, municipality=Municipality.objects.get(code=133))


@pytest.fixture
def plan(gorenjska):
    """A draft Gorenjska RIN 2017–2020 with one programme, indicator and funding line."""
    plan = builders.make_plan(region=gorenjska)
    builders.make_programme(plan)
    return plan


@pytest.fixture
def confirmed_plan(gorenjska):
    plan = builders.make_plan(
        region=gorenjska, slug="rin-confirmed", status="confirmed", confirmed_on="2017-06-30"
    )
    builders.make_programme(plan)
    return plan


# Browser fixtures: Debian's headless Chromium driven through Playwright, no browser
# download. One session browser for every test file that needs it. Without Chromium
# the tests are skipped with a note, unless RIN_REQUIRE_BROWSER=1 (as in CI).


@pytest.fixture(scope="session")
def browser(live_server):
    """Chromium, closed before the live server stops (it asks for the server so that
    pytest tears it down first): the server's request threads close the test
    database's shared SQLite connection when the browser's kept-alive connections end,
    which they may only do while the server still shares it with them."""
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM} (Debian: apt install chromium)."
        if os.environ.get("RIN_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()
    _wait_for_request_threads()


def _wait_for_request_threads(timeout: float = 10) -> None:
    """Let the live server's request threads, ended by the browser closing, finish."""
    for thread in threading.enumerate():
        if thread.name.endswith("(process_request_thread)"):
            thread.join(timeout)


@pytest.fixture
def demo_site(transactional_db):
    """Reference and demo data, committed, for the live server to serve."""
    reference_data_load()
    national_programmes_load()
    with override_settings(DEMO_MODE=True):
        demo_data_load()


@pytest.fixture
def new_page(browser, live_server):
    """Opens pages in fresh browser contexts (each one its own session) on the live server."""
    contexts = []

    def open_page(language: str = "sl-SI"):
        context = browser.new_context(
            base_url=live_server.url, locale=language, viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(15000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()
