"""python manage.py render_report KIND TARGET [--year Y] --output FILE"""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from reports.models import Document

from .conftest import page_texts, reader


def test_renders_a_plan_by_its_address(demo, tmp_path):
    output = tmp_path / "rin.pdf"
    out = io.StringIO()
    call_command(
        "render_report", "plan", "rin-gorenjska-2014-2016", "--output", str(output), stdout=out
    )
    pdf = reader(output.read_bytes())
    assert "Regijski izvedbeni načrt na področju socialnega varstva 2014–2016" in page_texts(pdf)[0]
    assert f"{len(pdf.pages)} pages" in out.getvalue()
    # Stored like a download: asking again gives the same document.
    document = Document.objects.get()
    with document.file.open("rb") as stored:
        assert stored.read() == output.read_bytes()


def test_renders_a_strategy_by_its_id_and_a_yearly_report_as_xlsx(demo, tmp_path):
    velenje = demo["strategija-velenje-2014-2020"]
    call_command("render_report", "strategy", str(velenje.pk), "--output", str(tmp_path / "s.pdf"))
    assert (tmp_path / "s.pdf").read_bytes().startswith(b"%PDF-")
    call_command(
        "render_report",
        "yearly",
        velenje.slug,
        "--year",
        "2016",
        "--format",
        "xlsx",
        "--output",
        str(tmp_path / "y.xlsx"),
    )
    workbook = load_workbook(tmp_path / "y.xlsx")
    assert "ukrepi" in workbook.sheetnames  # a strategy has measures


def test_renders_the_national_overview(demo, tmp_path):
    call_command("render_report", "national", "national", "--output", str(tmp_path / "n.pdf"))
    assert "Gorenjska" in " ".join(page_texts(reader((tmp_path / "n.pdf").read_bytes())))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["plan", "ni-takega-nacrta"], 'No plan with the id or address "ni-takega-nacrta"'),
        (["plan", "987654"], 'No plan with the id or address "987654"'),
        (["plan", "strategija-velenje-2014-2020"], "not a plan"),
        (["yearly", "rin-gorenjska-2014-2016"], "needs --year"),
        (["yearly", "rin-gorenjska-2014-2016", "--year", "2030"], "no yearly report for 2030"),
        (["national", "gorenjska"], 'takes the target "national"'),
    ],
)
def test_unknown_target_stops_with_a_clear_message(demo, tmp_path, args, message):
    output = tmp_path / "x.pdf"
    with pytest.raises(CommandError, match=message) as error:
        call_command("render_report", *args, "--output", str(output))
    assert error.value.returncode == 1  # the exit status of manage.py
    assert not output.exists()
