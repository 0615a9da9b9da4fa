import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from plans.models import NationalGoal, NationalProgramme, NationalTarget
from rin_portal.sync import sync_row

NATIONAL_PROGRAMMES_FILE = settings.BASE_DIR / "fixtures" / "reference" / "national_programmes.json"
PROGRAMME_FIELDS = ("name", "short_name", "first_year", "last_year", "gazette_reference")


def _decimal(value: str | None) -> Decimal | None:
    return Decimal(value) if value else None


def national_programmes_load(*, path: Path = NATIONAL_PROGRAMMES_FILE) -> int:
    """Create or update the national programmes with their goals and targets.

    Returns the number of rows created or changed; a second run returns 0.
    """
    changed_rows = 0
    with transaction.atomic():
        for item in json.loads(path.read_text(encoding="utf-8")):
            programme, created, changed = sync_row(
                NationalProgramme,
                {"code": item["code"]},
                {key: item[key] for key in PROGRAMME_FIELDS},
            )
            changed_rows += created or changed
            for goal in item["goals"]:
                _, created, changed = sync_row(
                    NationalGoal,
                    {
                        "national_programme": programme,
                        "kind": goal["kind"],
                        "number": goal["number"],
                    },
                    {"title": goal["title"], "is_summary": goal["is_summary"]},
                )
                changed_rows += created or changed
            for target in item["targets"]:
                _, created, changed = sync_row(
                    NationalTarget,
                    {"national_programme": programme, "description": target["description"]},
                    {
                        "unit": target["unit"],
                        "target_value": _decimal(target["target_value"]),
                        "target_year": target["target_year"],
                        "baseline_value": _decimal(target.get("baseline_value")),
                        "baseline_year": target.get("baseline_year"),
                    },
                )
                changed_rows += created or changed
    return changed_rows
