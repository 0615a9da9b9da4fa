import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from municipalities.models import AdministrativeUnit, Municipality, Population, Region
from municipalities.services import REFERENCE_DIR, ReferenceDataError, reference_data_load
from providers.models import Provider


def test_holds_the_real_shape_of_slovenia(db):
    assert Region.objects.count() == 12
    assert Municipality.objects.count() == 212
    assert Municipality.objects.filter(region__name="Gorenjska").count() == 18
    assert Municipality.objects.filter(is_urban=True).count() == 12
    assert AdministrativeUnit.objects.count() == 58
    assert Provider.objects.filter(kind="csd").count() == 16
    assert Provider.objects.filter(kind="csd_unit").count() == 63


def test_units_belong_to_their_csd_and_serve_municipalities_by_code(db):
    kranj_unit = Provider.objects.get(name="Center za socialno delo Gorenjska, Enota Kranj")
    assert kranj_unit.parent.name == "Center za socialno delo Gorenjska"
    assert kranj_unit.former_name == "Center za socialno delo Kranj"
    assert set(kranj_unit.municipalities_served.values_list("code", flat=True)) == {
        12,
        52,
        82,
        95,
        117,
        163,
    }
    assert kranj_unit.parent.seat.code == 52


def test_population_of_both_years_is_loaded(db):
    kranj = Municipality.objects.get(code=52)
    assert Population.objects.get(municipality=kranj, year=2022).total == 56639
    assert Population.objects.get(municipality=kranj, year=2021).total == 57185


def test_loading_again_changes_nothing(db):
    before = {m.pk: (m.name, m.region_id) for m in Municipality.objects.all()}
    result = reference_data_load()
    assert not result.changed_anything
    assert {m.pk: (m.name, m.region_id) for m in Municipality.objects.all()} == before


def test_command_says_nothing_changed_on_second_run(db, capsys):
    call_command("load_reference_data")
    assert "nothing changed" in capsys.readouterr().out


def _copy_reference(tmp_path: Path) -> Path:
    for name in ("regions.csv", "municipalities.csv", "csd.csv"):
        shutil.copy(REFERENCE_DIR / name, tmp_path / name)
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_missing_column_names_the_column(db, tmp_path):
    directory = _copy_reference(tmp_path)
    _edit(directory / "municipalities.csv", "region_code,", "region,")
    with pytest.raises(ReferenceDataError, match="missing column.*region_code"):
        reference_data_load(directory=directory)


def test_unknown_region_code_names_the_row_and_changes_nothing(db, tmp_path):
    directory = _copy_reference(tmp_path)
    # Bled (code 3) is the third data row, line 4 of the file.
    _edit(directory / "municipalities.csv", "Občina Bled,false,9,", "Občina Bled,false,42,")
    _edit(
        directory / "regions.csv",
        "Gorenjska,Upper Carniola",
        "Gorenjska (spremenjeno),Upper Carniola",
    )
    with pytest.raises(
        ReferenceDataError, match=r"municipalities.csv, row 4: unknown region code 42"
    ):
        reference_data_load(directory=directory)
    assert Region.objects.get(code=9).name == "Gorenjska"


def test_duplicate_municipality_code_names_the_row(db, tmp_path):
    directory = _copy_reference(tmp_path)
    _edit(directory / "municipalities.csv", "\n4,004,", "\n3,004,")
    with pytest.raises(ReferenceDataError, match=r"row 5: duplicate municipality code 3"):
        reference_data_load(directory=directory)


def test_command_reports_the_error_without_a_traceback(db, tmp_path):
    directory = _copy_reference(tmp_path)
    _edit(directory / "municipalities.csv", "Občina Bled,false,9,", "Občina Bled,false,42,")
    with pytest.raises(CommandError, match="nothing changed.*row 4"):
        call_command("load_reference_data", directory=directory)
