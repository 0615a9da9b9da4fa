"""The yearly report's PDF shows each indicator's target for the year as the report pages do."""

import pytest

from plans.models import YearlyReport
from reports import services

from .conftest import content, page_texts, reader, rendered

pytestmark = pytest.mark.django_db


def _report_text(demo, year: int) -> str:
    """The text of the working PDF of RIN 2014–2016's report for `year`."""
    report = YearlyReport.objects.get(plan=demo["rin-gorenjska-2014-2016"], year=year)
    document = rendered(
        services.document_request_yearly(user=None, report=report, format="pdf", audience="working")
    )
    return " ".join(page_texts(reader(content(document))))


def test_the_final_target_is_the_target_of_its_own_year(demo):
    # RIN 2014–2016 sets no yearly targets: each indicator's final target is for 2016.
    # The report page and the check before submitting read 160 as the target for 2016;
    # the PDF said "–" in its "target for 2016" column.
    text = _report_text(demo, 2016)
    # Indicator, unit, baseline, target, target for 2016, achieved in 2016.
    assert "Število družin, vključenih v svetovanje število 40 (2013) 160 (2016) 160 160" in text


def test_a_year_before_the_target_year_has_no_target_without_a_yearly_one(demo):
    text = _report_text(demo, 2015)
    assert "Število družin, vključenih v svetovanje število 40 (2013) 160 (2016) – 120" in text
