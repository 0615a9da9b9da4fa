"""A realistic national data set for benchmarks and load tests.

For each of the 12 regions: two confirmed RINs (2017–2020 and 2021–2024) of about 40
programmes with about 5 indicators each, and 8 years of progress (approved, but the
last year: submitted for review in half of the regions, a draft in the other half, as
in a deadline week); about 35
providers per region on top of the CSD network (≈500 in all) and 50 users per region
(≈600 in all). Everything is labelled as test data. Rows go in with bulk_create; one
password hash is shared by all generated users so that hashing does not dominate.
At the end the tables are analyzed, as autovacuum would soon do in production: a
benchmark on tables the planner knows nothing of measures plans no live database uses.
"""

import datetime
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from municipalities.models import Municipality, Region
from providers.models import Provider
from rin_portal.models import Role
from rin_portal.text import slovenian_sort_key

from .models import (
    Activity,
    Area,
    EntryFunding,
    FundingLine,
    Goal,
    Indicator,
    IndicatorValue,
    NationalGoal,
    NationalProgramme,
    Plan,
    Programme,
    ReportEntry,
    YearlyReport,
)

PREFIX = "nacionalni-niz"
PASSWORD = "nacionalni-niz-2026"
PERIODS = [(2017, 2020), (2021, 2024)]
AREAS = [
    "Otroci in mladostniki",
    "Starejši",
    "Duševno zdravje",
    "Zasvojenost",
    "Brezdomstvo",
    "Nasilje",
    "Invalidnost in samostojno življenje",
    "Socialna aktivacija",
]
UNITS = ["count", "persons", "percent", "eur", "hours"]
TARGET_GROUPS = [
    "otroci",
    "mladostniki",
    "družine",
    "starejši",
    "invalidi",
    "brezdomci",
    "žrtve nasilja",
]
KINDS = ["vdc", "cudv", "elderly_home", "ngo", "ngo", "ngo", "municipality", "other"]
LJUBLJANA = ZoneInfo("Europe/Ljubljana")


class DatasetExists(Exception):
    pass


def national_dataset_exists() -> bool:
    return Plan.objects.filter(slug__startswith=PREFIX).exists()


def national_dataset_delete() -> None:
    with transaction.atomic():
        plans = Plan.objects.filter(slug__startswith=PREFIX)
        YearlyReport.objects.filter(plan__in=plans).delete()
        Programme.objects.filter(plan__in=plans).delete()
        plans.delete()
        Provider.objects.filter(name__startswith="Testni izvajalec").delete()
        get_user_model().objects.filter(username__startswith=f"{PREFIX}-").delete()


def national_dataset_create(*, programmes_per_plan: int = 40, seed: int = 2026) -> dict[str, int]:
    if national_dataset_exists():
        raise DatasetExists("The national data set exists already; delete it first (--replace).")
    rng = random.Random(seed)
    programme_fund = NationalProgramme.objects.get(code="renpsv-2013-2020")
    national_goals = list(NationalGoal.objects.filter(national_programme=programme_fund))
    with transaction.atomic():
        _users(rng)
        for region in Region.objects.order_by("code"):
            providers = _providers(region, rng)
            municipalities = list(Municipality.objects.filter(region=region))
            predecessor = None
            for first, last in PERIODS:
                plan = _plan(region, first, last, predecessor, programme_fund, providers)
                _content(plan, providers, municipalities, national_goals, programmes_per_plan, rng)
                last_status = None
                if predecessor is not None:
                    last_status = (
                        YearlyReport.Status.SUBMITTED
                        if int(region.code) % 2 == 0
                        else YearlyReport.Status.DRAFT
                    )
                _progress(plan, rng, last_status)
                predecessor = plan
    analyze_tables()
    return {
        "plans": Plan.objects.filter(slug__startswith=PREFIX).count(),
        "programmes": Programme.objects.filter(plan__slug__startswith=PREFIX).count(),
        "indicators": Indicator.objects.filter(programme__plan__slug__startswith=PREFIX).count(),
        "yearly reports": YearlyReport.objects.filter(plan__slug__startswith=PREFIX).count(),
        "indicator values": IndicatorValue.objects.filter(
            entry__report__plan__slug__startswith=PREFIX
        ).count(),
        "providers": Provider.objects.count(),
        "users": get_user_model().objects.count(),
    }


def analyze_tables() -> None:
    """Give the query planner statistics of the portal's tables (ANALYZE), as autovacuum
    does after many rows change. Without them PostgreSQL guesses: a report's 200
    indicator values were read by scanning all 19,000 (3.2 ms instead of 0.25 ms)."""
    # The many-to-many tables too (auto-created models): a programme's implementers and
    # municipalities are read through them.
    models = apps.get_models(include_auto_created=True)
    tables = sorted({model._meta.db_table for model in models})
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def _users(rng: random.Random) -> None:
    User = get_user_model()
    password = make_password(PASSWORD)
    regions = list(Region.objects.order_by("code"))
    users, roles = [], []
    for region in regions:
        for n in range(50):
            kind = Role.Kind.GROUP_MEMBER if n < 20 else Role.Kind.CSD_STAFF
            users.append(
                User(
                    username=f"{PREFIX}-{region.slug}-{n}",
                    first_name="Test",
                    last_name=f"{region.name} {n}",
                    email=f"{PREFIX}-{region.slug}-{n}@example.invalid",
                    password=password,
                )
            )
            roles.append((kind, region))
    for n in range(5):
        users.append(
            User(
                username=f"{PREFIX}-ministrstvo-{n}",
                password=password,
                email=f"{PREFIX}-m{n}@example.invalid",
            )
        )
        roles.append((Role.Kind.REVIEWER, None))
    created = User.objects.bulk_create(users)
    Role.objects.bulk_create(
        Role(user=user, kind=kind, region=region)
        for user, (kind, region) in zip(created, roles, strict=True)
    )


def _providers(region: Region, rng: random.Random) -> list[Provider]:
    seats = list(Municipality.objects.filter(region=region))
    fresh = [
        Provider(
            name=f"Testni izvajalec {region.name} {n + 1}",
            short_name=f"TI {region.code}-{n + 1}",
            kind=KINDS[n % len(KINDS)],
            seat=rng.choice(seats),
            data_note="Testni podatki za meritve.",
        )
        for n in range(35)
    ]
    for provider in fresh:
        provider.sort_name = slovenian_sort_key(str(provider))  # as Provider.save()
    Provider.objects.bulk_create(fresh)
    created = list(Provider.objects.filter(name__startswith=f"Testni izvajalec {region.name} "))
    through = Provider.municipalities_served.through
    through.objects.bulk_create(
        through(provider_id=p.pk, municipality_id=m.pk)
        for p in created
        for m in rng.sample(seats, min(3, len(seats)))
    )
    csd = list(
        Provider.objects.filter(kind="csd_unit", municipalities_served__region=region).distinct()
    )
    return csd + created


def _plan(region, first, last, predecessor, national_programme, providers) -> Plan:
    return Plan.objects.create(
        kind=Plan.Kind.RIN,
        slug=f"{PREFIX}-{region.slug}-{first}-{last}",
        title=f"RIN {region.name} {first}–{last} (testni podatki)",
        summary="Izmišljeni podatki za meritve zmogljivosti.",
        region=region,
        first_year=first,
        last_year=last,
        status=Plan.Status.CONFIRMED,
        confirmed_on=datetime.date(first, 6, 30),
        confirmed_by=f"Regijska koordinacijska skupina {region.name}",
        coordinator=providers[0],
        predecessor=predecessor,
        national_programme=national_programme,
        is_example=True,
    )


def _content(plan, providers, municipalities, national_goals, count, rng) -> None:
    areas = Area.objects.bulk_create(
        Area(
            plan=plan,
            position=n,
            title=title,
            unmet_needs=f"Potrebe na področju {title.lower()} (testni podatki).",
        )
        for n, title in enumerate(AREAS)
    )
    goals = Goal.objects.bulk_create(
        Goal(plan=plan, area=area, position=0, title=f"Cilj: {area.title}") for area in areas
    )
    programmes = Programme.objects.bulk_create(
        Programme(
            plan=plan,
            area=areas[n % len(areas)],
            goal=goals[n % len(goals)],
            position=n,
            title=f"Program {n + 1}: {areas[n % len(areas)].title.lower()}",
            description="Opis programa s cilji, aktivnostmi in izvajalci (testni podatki). " * 3,
            target_groups=", ".join(rng.sample(TARGET_GROUPS, 2)),
            lead=rng.choice(providers),
            first_year=plan.first_year,
            last_year=plan.last_year,
            is_example=True,
        )
        for n in range(count)
    )
    implementers = Programme.implementers.through
    implementers.objects.bulk_create(
        implementers(programme_id=p.pk, provider_id=provider.pk)
        for p in programmes
        for provider in rng.sample(providers, 3)
    )
    covered = Programme.municipalities.through
    covered.objects.bulk_create(
        covered(programme_id=p.pk, municipality_id=m.pk)
        for p in programmes
        for m in rng.sample(municipalities, min(4, len(municipalities)))
    )
    served = Programme.national_goals.through
    served.objects.bulk_create(
        served(programme_id=p.pk, nationalgoal_id=g.pk)
        for p in programmes
        for g in rng.sample(national_goals, 2)
    )
    Activity.objects.bulk_create(
        Activity(
            programme=p,
            position=n,
            description=f"Aktivnost {n + 1} programa",
            timeframe=f"{plan.first_year}–{plan.last_year}",
        )
        for p in programmes
        for n in range(2)
    )
    FundingLine.objects.bulk_create(
        FundingLine(
            programme=p,
            source=source,
            year=year,
            planned_amount=Decimal(rng.randrange(5, 80) * 1000),
        )
        for p in programmes
        for year in plan.years
        for source in ("ministry", "municipalities")
    )
    indicators = []
    for p in programmes:
        for n in range(5):
            unit = UNITS[n % len(UNITS)]
            top = 100 if unit == "percent" else 500
            baseline = Decimal(rng.randrange(0, top // 3))
            indicators.append(
                Indicator(
                    programme=p,
                    position=n,
                    name=f"Kazalnik {n + 1}",
                    unit=unit,
                    baseline_value=baseline,
                    baseline_year=plan.first_year - 1,
                    target_value=min(Decimal(top), baseline + Decimal(rng.randrange(5, top // 2))),
                    target_year=plan.last_year,
                )
            )
    Indicator.objects.bulk_create(indicators)


def _progress(plan: Plan, rng: random.Random, last_status: str | None = None) -> None:
    """Every year approved; the last one in `last_status` (submitted or draft) if given."""
    programmes = list(plan.programmes.prefetch_related("indicators", "funding_lines"))
    for year in plan.years:
        stamp = datetime.datetime(year + 1, 3, 15, 10, 0, tzinfo=LJUBLJANA)
        status = YearlyReport.Status.APPROVED
        if last_status and year == plan.last_year:
            status = last_status
        report = YearlyReport.objects.create(
            plan=plan,
            year=year,
            status=status,
            due_date=plan.report_due_date(year),
            submitted_at=stamp if status != YearlyReport.Status.DRAFT else None,
            approved_at=(
                stamp + datetime.timedelta(days=10)
                if status == YearlyReport.Status.APPROVED
                else None
            ),
        )
        share = Decimal(year - plan.first_year + 1) / Decimal(plan.last_year - plan.first_year + 1)
        entries = ReportEntry.objects.bulk_create(
            ReportEntry(
                report=report,
                programme=p,
                status=rng.choice(["in_progress", "in_progress", "realised"]),
                achievements="Program se je izvajal po načrtu (testni podatki).",
                users_reached=rng.randrange(10, 300),
            )
            for p in programmes
        )
        values, funds = [], []
        for entry, programme in zip(entries, programmes, strict=True):
            for indicator in programme.indicators.all():
                value = (
                    indicator.baseline_value
                    + (indicator.target_value - indicator.baseline_value) * share
                )
                values.append(
                    IndicatorValue(
                        entry=entry,
                        indicator=indicator,
                        achieved_value=value.quantize(Decimal("1")),
                    )
                )
            for line in programme.funding_lines.all():
                if line.year == year:
                    funds.append(
                        EntryFunding(
                            entry=entry,
                            source=line.source,
                            amount_used=(line.planned_amount * Decimal("0.9")).quantize(
                                Decimal("1")
                            ),
                        )
                    )
        IndicatorValue.objects.bulk_create(values)
        EntryFunding.objects.bulk_create(funds)
