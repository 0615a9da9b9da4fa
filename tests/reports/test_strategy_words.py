"""A strategy's documents speak of the strategy and its measures.

Its PDF noted "this plan" as demonstration content and as working text, the national
goals "the programme" serves and "the plan's programmes"; its yearly report's PDF and
XLSX counted programmes; the documents page held "the plan's working text". Read from
the documents' HTML and tables in English, so that the tests do not depend on the
Slovenian catalogue.
"""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from municipalities.models import Municipality
from plans.progress import services as progress
from reports.contexts import document_html
from reports.models import Document
from reports.selectors import plan_data, yearly_report_data
from reports.tables import yearly_tables
from tests import builders


@pytest.fixture
def strategy(db):
    plan = builders.make_strategy(
        status="confirmed",
        confirmed_on="2017-06-30",
        is_example=True,
    )
    builders.make_programme(plan)
    return plan


@pytest.fixture
def report(strategy, velenje_staff):
    return progress.report_open(plan=strategy, year=2017, user=velenje_staff)


def _html(kind: str, data: dict) -> str:
    document = Document(
        kind=kind,
        data=data,
        title="Dokument",
        language="en",
        format=Document.Format.PDF,
        audience=Document.Audience.WORKING,
        version=1,
        requested_at=timezone.now(),
    )
    with translation.override("en"):
        return document_html(document)


def _text(html: str) -> str:
    """What the reader sees: no tags, so no anchors such as #chapter-programmes."""
    return re.sub(r"<[^>]+>", " ", html)


def test_the_strategy_document_speaks_of_the_strategy(strategy):
    strategy.programmes.get().municipalities.add(Municipality.objects.get(code=133))
    text = _text(_html(Document.Kind.STRATEGY, plan_data(strategy, audience="working")))
    assert "This strategy is demonstration content." in text
    assert "National goals the measure serves" in text
    assert "The strategy's measures cover 2 municipalities:" in text
    assert "programme" not in text.lower().replace("national programme", "")


def test_the_yearly_report_of_a_strategy_counts_measures(report):
    data = yearly_report_data(report, audience="working")
    text = _text(_html(Document.Kind.YEARLY, data))
    assert "In 2017 the report covers 1 measure." in text
    assert "Measures and their status" in text
    assert "programme" not in text.lower().replace("national programme", "")
    with translation.override("en"):
        tables = yearly_tables(data)
    assert tables[0].name == "ukrepi"
    assert tables[0].title == "Measures in 2017"
    assert [t.columns[1].title for t in tables[1:3]] == ["Measure", "Measure"]


def test_the_documents_page_holds_the_strategys_text(client, velenje_member, strategy):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(velenje_member)
    page = client.get(reverse("reports:plan", args=[strategy.slug])).content.decode()
    # Adopted, with no amendment under way: the group's text is the adopted one.
    assert "The documents hold the strategy's adopted text" in page
    assert "working text" not in page
