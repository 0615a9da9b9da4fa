"""Browser tests: Debian's headless Chromium driven through Playwright, no browser download.

Without Chromium the tests are skipped with a note, unless RIN_REQUIRE_BROWSER=1
(as in CI), where a missing browser fails the run.
"""

import os
from pathlib import Path

import pytest
from django.test import override_settings

from municipalities.services import reference_data_load
from plans.demo import DEMO_PASSWORD, demo_data_load
from plans.services.reference import national_programmes_load

CHROMIUM = Path(os.environ.get("RIN_CHROMIUM", "/usr/bin/chromium"))
AXE_SOURCE = Path(__file__).resolve().parent.parent / "vendor" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
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


def log_in(page, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/prijava/")
    page.get_by_label("Uporabniško ime").fill(username)
    page.get_by_label("Geslo").fill(password)
    page.locator("main").get_by_role("button", name="Prijava").click()
    page.wait_for_load_state()


def axe_violations(page) -> list[dict]:
    """Run axe-core (vendored) on the page; WCAG 2.1 A and AA rules."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' ' + n.failureSummary),
            }));
        }""",
        WCAG_21_AA,
    )


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], f"axe found WCAG 2.1 AA violations on {page.url}: {violations}"
