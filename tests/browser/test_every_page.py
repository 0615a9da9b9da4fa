"""Every kind of page a visitor or a signed-in user reaches by following links: it opens
(no error, no broken link), axe finds no WCAG 2.1 AA violation on it, it fits a 320-pixel screen
without scrolling sideways (WCAG 1.4.10; wide tables scroll in their own box), and each of
its forms that posts carries its CSRF token.

Each role (and a visitor without an account) starts at the home page and follows the portal's own links, breadth first,
checking one page of each kind (each named URL pattern) in Slovenian and, for the pages
of the same kinds, nothing more: the forms, the lifecycle steps, the yearly reports'
grid and review, the documents, the history, the people's own pages.
"""

from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve

from .conftest import assert_accessible, log_in

# Not pages of the portal: the admin (Django's own), files, feeds, the language switch.
NOT_PAGES = ("/admin/", "/static/", "/media/", "/i18n/")
NOT_PAGE_NAMES = {
    "reports:download",
    "reports:status_json",
    "progress:export",
    "progress:programmes_export",
    "progress:evidence",
    "public:feed",
    "public:region_feed",
}


def _links(page) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    origin = urlsplit(page.url)
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.netloc == origin.netloc and not parts.path.startswith(NOT_PAGES):
            found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def walk(page, start: str = "/") -> dict[str, str]:
    """Open one page of every kind reachable from `start`; {kind: path} of those opened."""
    opened, queue, queued = {}, [start], {start}
    while queue:
        path = queue.pop(0)
        try:
            kind = resolve(urlsplit(path).path).view_name
        except Resolver404:
            pytest.fail(f"A link leads nowhere: {path}")
        if kind in opened or kind in NOT_PAGE_NAMES:
            continue
        response = page.goto(path)
        assert response is not None and response.status == 200, f"{path}: {response.status}"
        opened[kind] = path
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        assert_accessible(page)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} is {overflow} px wider than a 320 px screen"
        # A form without its token is refused (403) by Django's CSRF check; the test
        # client does not check it, the browser's user does. The language switch needs none.
        tokenless = page.eval_on_selector_all(
            "form[method=post]",
            """forms => forms.filter(form => !form.action.includes('/i18n/setlang/'))
                .filter(form => !(form.elements.csrfmiddlewaretoken || {}).value)
                .map(form => form.action)""",
        )
        assert tokenless == [], f"{path}: forms without a CSRF token: {tokenless}"
        for link in _links(page):
            if link not in queued:
                queued.add(link)
                queue.append(link)
    return opened


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        # The public: regions, confirmed plans, approved reports, e-news.
        (None, {"public:region", "public:plan", "public:report", "public:subscribe"}),
        # A coordination-group member: the draft plan's editing forms and its lifecycle.
        ("demo-clan", {"plans:content_create", "plans:content_edit", "plans:step"}),
        # CSD staff: the yearly reports, their grid and import.
        ("demo-csd", {"progress:dashboard", "progress:plan_reports", "progress:grid"}),
        # A ministry reviewer: every region, the documents, the national overview.
        ("demo-ministrstvo", {"progress:dashboard", "reports:list", "reports:plan"}),
    ],
)
def test_every_kind_of_page_a_role_reaches_opens_and_is_accessible(
    demo_site, page, username, expected
):
    page.set_viewport_size({"width": 320, "height": 900})  # WCAG 1.4.10 Reflow
    if username:
        log_in(page, username)
    opened = walk(page)
    assert expected <= set(opened), f"not reached: {expected - set(opened)}"
