"""Helpers of the browser tests (the fixtures are in tests/conftest.py, shared with tests/reports).

Without Chromium the tests are skipped with a note, unless RIN_REQUIRE_BROWSER=1
(as in CI), where a missing browser fails the run.
"""

import os
from pathlib import Path

import pytest

from plans.demo import DEMO_PASSWORD

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


def log_in(page, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/prijava/")
    page.get_by_label("Uporabniško ime").fill(username)
    page.get_by_label("Geslo").fill(password)
    follow(page.locator("main").get_by_role("button", name="Prijava"))


def follow(locator) -> None:
    """Click a link or submit button and wait until the page it leads to has loaded.

    A bare click returns as soon as the navigation starts; checks made then could
    still see the old page, or run before the server has saved anything.
    """
    with locator.page.expect_navigation():
        locator.click()


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
