"""Asking for a PDF in the browser: the status page tells the reader when it is ready.

Uses the browser fixtures of tests/browser/ (Debian's Chromium, skipped without it).
"""

import pytest
from django.utils import translation
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from reports import services
from reports.models import Document
from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


def sl(text: str) -> str:
    with translation.override("sl"):
        return _(text)


def test_member_asks_for_a_pdf_and_is_told_when_it_is_ready(demo_site, page):
    log_in(page, "demo-clan")
    page.goto("/nacrti/rin-gorenjska-2014-2016/")
    page.get_by_role("link", name=sl("Documents (PDF)")).click()
    assert page.get_by_role("heading", level=1).inner_text().startswith(sl("Documents"))
    assert_accessible(page)

    page.get_by_role("button", name=sl("Prepare PDF"), exact=True).click()
    status = page.get_by_role("status").filter(has_text=sl("The document is being prepared."))
    expect(status).to_be_visible()
    assert_accessible(page)

    # The worker renders it; the open page notices without being reloaded, and takes a
    # keyboard user waiting on "Reload the page" to the download that replaces it.
    page.get_by_role("link", name=sl("Reload the page")).focus()
    services.document_render(document_id=Document.objects.get().pk)
    download = page.get_by_role("link", name=sl("Download"))
    download.wait_for(state="visible", timeout=20000)
    expect(download).to_be_focused()
    assert page.get_by_role("status").inner_text() == sl("The document is ready.")
    assert_accessible(page)
    with page.expect_download() as info:
        download.click()
    with open(info.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_reviewers_documents_page_is_accessible(demo_site, page):
    document = services.document_request_national(user=None, format="xlsx")
    services.document_render(document_id=document.pk)
    log_in(page, "demo-ministrstvo")
    page.goto("/")
    page.get_by_role("link", name=sl("Documents"), exact=True).click()
    assert page.get_by_role("heading", name=sl("National overview")).is_visible()
    assert page.get_by_role("link", name=document.title).is_visible()
    assert_accessible(page)
