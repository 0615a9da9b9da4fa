"""Loading the reference data: regions, administrative units, municipalities, population,
and the network of social work centres.

Every file is read and checked in full before anything is written; the write is one
transaction. So a bad row stops the load with a message that names the file and the
row, and the database stays as it was. Running the load twice changes nothing.
Municipalities are matched on their official code, never on their name.
"""

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from providers.models import Provider
from rin_portal.sync import sync_row

from .models import AdministrativeUnit, Municipality, Population, Region

REFERENCE_DIR = settings.BASE_DIR / "fixtures" / "reference"
CSD_PREFIX = "Center za socialno delo"

REGION_COLUMNS = ("code", "name", "name_en", "nuts3", "former_name")
MUNICIPALITY_COLUMNS = (
    "code",
    "name",
    "official_title",
    "name_bilingual",
    "is_urban",
    "region_code",
    "upravna_enota",
    "population_2021_01_01",
    "population_2022_01_01",
)
CSD_COLUMNS = (
    "csd_name",
    "csd_seat",
    "unit_name",
    "former_csd_name_pre_2018",
    "upravna_enota",
    "municipality_codes",
    "status",
    "notes",
)
POPULATION_COLUMNS = {2021: "population_2021_01_01", 2022: "population_2022_01_01"}


class ReferenceDataError(Exception):
    """A reference file that cannot be loaded; the message names the file and row."""


@dataclass
class LoadResult:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, created: bool, changed: bool) -> None:
        if created:
            self.created[kind] = self.created.get(kind, 0) + 1
        elif changed:
            self.updated[kind] = self.updated.get(kind, 0) + 1

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated)


def _read_rows(path: Path, required: Iterable[str]) -> list[tuple[int, dict[str, str]]]:
    """Rows with their line numbers (the header is line 1)."""
    if not path.exists():
        raise ReferenceDataError(f"{path.name}: file not found in {path.parent}.")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in required if column not in (reader.fieldnames or [])]
        if missing:
            raise ReferenceDataError(f"{path.name}: missing column(s): {', '.join(missing)}.")
        rows = []
        for line, row in enumerate(reader, start=2):
            if None in row:
                raise ReferenceDataError(f"{path.name}, row {line}: more cells than columns.")
            rows.append((line, {key: (value or "").strip() for key, value in row.items()}))
        return rows


def _int(value: str, where: str, column: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ReferenceDataError(
            f"{where}: {column} must be a whole number, not {value!r}."
        ) from None


def _bool(value: str, where: str, column: str) -> bool:
    if value.lower() in {"true", "1", "yes"}:
        return True
    if value.lower() in {"false", "0", "no", ""}:
        return False
    raise ReferenceDataError(f"{where}: {column} must be true or false, not {value!r}.")


def _parse_regions(path: Path) -> dict[int, dict]:
    regions: dict[int, dict] = {}
    for line, row in _read_rows(path, REGION_COLUMNS):
        where = f"{path.name}, row {line}"
        code = _int(row["code"], where, "code")
        if code in regions:
            raise ReferenceDataError(f"{where}: duplicate region code {code}.")
        if not row["name"]:
            raise ReferenceDataError(f"{where}: the region has no name.")
        regions[code] = {
            "name": row["name"],
            "name_en": row["name_en"],
            "nuts3": row["nuts3"],
            "former_name": row["former_name"],
            "slug": slugify(row["name"]),
        }
    return regions


def _parse_municipalities(path: Path, region_codes: set[int]) -> dict[int, dict]:
    municipalities: dict[int, dict] = {}
    for line, row in _read_rows(path, MUNICIPALITY_COLUMNS):
        where = f"{path.name}, row {line}"
        code = _int(row["code"], where, "code")
        if code in municipalities:
            raise ReferenceDataError(f"{where}: duplicate municipality code {code}.")
        region_code = _int(row["region_code"], where, "region_code")
        if region_code not in region_codes:
            raise ReferenceDataError(f"{where}: unknown region code {region_code}.")
        if not row["name"] or not row["upravna_enota"]:
            raise ReferenceDataError(f"{where}: name and upravna_enota are required.")
        municipalities[code] = {
            "name": row["name"],
            "official_title": row["official_title"],
            "name_bilingual": row["name_bilingual"],
            "is_urban": _bool(row["is_urban"], where, "is_urban"),
            "region_code": region_code,
            "administrative_unit": row["upravna_enota"],
            "population": {
                year: _int(row[column], where, column)
                for year, column in POPULATION_COLUMNS.items()
                if row[column]
            },
        }
    return municipalities


def _parse_csd_units(path: Path, municipality_codes: set[int]) -> list[dict]:
    units = []
    seen: set[tuple[str, str]] = set()
    for line, row in _read_rows(path, CSD_COLUMNS):
        where = f"{path.name}, row {line}"
        if not row["csd_name"].startswith(CSD_PREFIX) or not row["unit_name"]:
            raise ReferenceDataError(f"{where}: csd_name must start with {CSD_PREFIX!r}.")
        key = (row["csd_name"], row["unit_name"])
        if key in seen:
            raise ReferenceDataError(f"{where}: duplicate unit {row['unit_name']}.")
        seen.add(key)
        codes = [
            _int(code, where, "municipality_codes") for code in row["municipality_codes"].split(";")
        ]
        unknown = [code for code in codes if code not in municipality_codes]
        if unknown:
            raise ReferenceDataError(f"{where}: unknown municipality code(s) {unknown}.")
        former = row["former_csd_name_pre_2018"].split(" (")[0]
        notes = "; ".join(
            part for part in (row["status"], row["notes"]) if part and part != "verified"
        )
        units.append(
            {
                "csd_name": row["csd_name"],
                "csd_seat": row["csd_seat"],
                "unit_name": row["unit_name"],
                "former_name": former,
                "administrative_unit": row["upravna_enota"],
                "codes": codes,
                "data_note": notes[:500],
            }
        )
    return units


def _sync(model, lookup: dict, values: dict, result: LoadResult, kind: str):
    obj, created, changed = sync_row(model, lookup, values)
    result.count(kind, created, changed)
    return obj


def _sync_set(obj, attribute: str, wanted: set[int], result: LoadResult, kind: str) -> None:
    manager = getattr(obj, attribute)
    current = set(manager.values_list("pk", flat=True))
    if current != wanted:
        manager.set(wanted)
        result.count(kind, created=False, changed=True)


def _short_csd_name(csd_name: str) -> str:
    return "CSD" + csd_name.removeprefix(CSD_PREFIX)


def reference_data_load(*, directory: Path = REFERENCE_DIR) -> LoadResult:
    """Load (or bring up to date) all reference data from the CSV files in `directory`."""
    regions = _parse_regions(directory / "regions.csv")
    municipalities = _parse_municipalities(directory / "municipalities.csv", set(regions))
    units = _parse_csd_units(directory / "csd.csv", set(municipalities))

    result = LoadResult()
    with transaction.atomic():
        region_by_code = {
            code: _sync(Region, {"code": code}, values, result, "regions")
            for code, values in regions.items()
        }
        unit_by_name = {
            name: _sync(AdministrativeUnit, {"name": name}, {}, result, "administrative units")
            for name in sorted({m["administrative_unit"] for m in municipalities.values()})
        }
        municipality_by_code = {}
        for code, values in municipalities.items():
            slug = slugify(values["name"])
            if any(slugify(m["name"]) == slug for c, m in municipalities.items() if c < code):
                slug = f"{slug}-{code}"
            municipality = _sync(
                Municipality,
                {"code": code},
                {
                    "name": values["name"],
                    "official_title": values["official_title"],
                    "name_bilingual": values["name_bilingual"],
                    "is_urban": values["is_urban"],
                    "region": region_by_code[values["region_code"]],
                    "administrative_unit": unit_by_name[values["administrative_unit"]],
                    "slug": slug,
                },
                result,
                "municipalities",
            )
            municipality_by_code[code] = municipality
            for year, total in values["population"].items():
                _sync(
                    Population,
                    {"municipality": municipality, "year": year},
                    {"total": total},
                    result,
                    "population rows",
                )
        _load_csd_network(units, municipality_by_code, result)
    return result


def _load_csd_network(units: list[dict], municipality_by_code: dict, result: LoadResult) -> None:
    csd_codes: dict[str, set[int]] = {}
    for unit in units:
        csd_codes.setdefault(unit["csd_name"], set()).update(unit["codes"])
    csd_by_name = {}
    for unit in units:
        csd_name = unit["csd_name"]
        if csd_name in csd_by_name:
            continue
        # The source names the seat by its municipality's name; look it up only
        # among the municipalities this CSD serves (matched there by code).
        seat = next(
            (
                municipality_by_code[code]
                for code in sorted(csd_codes[csd_name])
                if municipality_by_code[code].name == unit["csd_seat"]
            ),
            None,
        )
        csd = _sync(
            Provider,
            {"name": csd_name},
            {"short_name": _short_csd_name(csd_name), "kind": Provider.Kind.CSD, "seat": seat},
            result,
            "CSDs",
        )
        served = {municipality_by_code[code].pk for code in csd_codes[csd_name]}
        _sync_set(csd, "municipalities_served", served, result, "CSD service areas")
        csd_by_name[csd_name] = csd
    for unit in units:
        csd = csd_by_name[unit["csd_name"]]
        served = [municipality_by_code[code] for code in unit["codes"]]
        seat = next((m for m in served if m.name == unit["administrative_unit"]), None)
        provider = _sync(
            Provider,
            {"name": f"{unit['csd_name']}, {unit['unit_name']}"},
            {
                "short_name": f"{_short_csd_name(unit['csd_name'])}, {unit['unit_name'].replace('Enota', 'enota', 1)}",
                "former_name": unit["former_name"],
                "kind": Provider.Kind.CSD_UNIT,
                "parent": csd,
                "seat": seat,
                "data_note": unit["data_note"],
            },
            result,
            "CSD units",
        )
        _sync_set(
            provider,
            "municipalities_served",
            {m.pk for m in served},
            result,
            "CSD unit service areas",
        )
