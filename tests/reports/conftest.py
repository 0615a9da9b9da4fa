"""Helpers for the document tests: demo data, rendering at once, reading PDFs back."""

import io
import re

import pytest
from django.db import transaction
from django.test import override_settings
from pypdf import PdfReader

from plans.demo import demo_data_load
from plans.models import Plan, YearlyReport
from reports import services
from reports.models import Document

from ..conftest import reference_data_ensure


def load_demo() -> dict[str, Plan]:
    with override_settings(DEMO_MODE=True):
        demo_data_load()
    return {plan.slug: plan for plan in Plan.objects.all()}


@pytest.fixture
def demo(db) -> dict[str, Plan]:
    """The demo plans by address: two Gorenjska RINs (2014–2016 confirmed, 2017–2020
    draft) and the Velenje strategy, with yearly reports."""
    return load_demo()


def rendered(document: Document) -> Document:
    """Render a requested document now, as the worker would."""
    return services.document_render(document_id=document.pk)


def content(document: Document) -> bytes:
    with document.file.open("rb") as stored:
        return stored.read()


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def page_texts(pdf: PdfReader) -> list[str]:
    """Each page's text with hyphenated line ends joined and spaces collapsed."""
    texts = []
    for pdf_page in pdf.pages:
        text = pdf_page.extract_text() or ""
        text = re.sub(r"[\u2010\u00ad-]\n", "", text)
        texts.append(" ".join(text.split()))
    return texts


def toc_entries(pdf_page, heading: str) -> list[tuple[str, int]]:
    """(label, page) pairs of a table-of-contents page: lines "label ....... 12"."""
    entries, pending = [], ""
    for line in (pdf_page.extract_text() or "").splitlines():
        if line.strip() == heading:
            continue
        match = re.match(r"(.+?)\s*(?:\.\s?){3,}\s*(\d+)$", line.strip())
        if match is None:
            pending = f"{pending} {line.strip()}".strip()
            continue
        label = re.sub(r"[\u2010\u00ad-] ", "", f"{pending} {match[1]}".strip())
        entries.append((label, int(match[2])))
        pending = ""
    return entries


@pytest.fixture(scope="module")
def demo_documents(django_db_setup, django_db_blocker):
    """Every kind of document for the demo data, rendered once per test module (in a
    transaction that is rolled back), as {name: (Document fields, bytes)}."""
    documents = {}
    with django_db_blocker.unblock():
        # Module fixtures run before the per-test one that restores flushed reference data.
        reference_data_ensure()
    with django_db_blocker.unblock(), transaction.atomic():
        plans = load_demo()
        rin, velenje = plans["rin-gorenjska-2014-2016"], plans["strategija-velenje-2014-2020"]
        report_2015 = YearlyReport.objects.get(plan=rin, year=2015)
        requests = {
            "rin": lambda: services.document_request_plan(
                user=None, plan=rin, format="pdf", audience="working"
            ),
            "strategy": lambda: services.document_request_plan(
                user=None, plan=velenje, format="pdf", audience="public"
            ),
            "yearly": lambda: services.document_request_yearly(
                user=None, report=report_2015, format="pdf", audience="working"
            ),
            "yearly_public": lambda: services.document_request_yearly(
                user=None, report=report_2015, format="pdf", audience="public"
            ),
            "national": lambda: services.document_request_national(user=None, format="pdf"),
            "national_archival": lambda: services.document_request_national(
                user=None, format="pdf_a"
            ),
            "yearly_xlsx": lambda: services.document_request_yearly(
                user=None, report=report_2015, format="xlsx", audience="working"
            ),
        }
        for name, request in requests.items():
            document = rendered(request())
            assert document.status == Document.Status.READY, document.error
            documents[name] = (document.title, document.page_count, content(document))
        transaction.set_rollback(True)
    return documents
