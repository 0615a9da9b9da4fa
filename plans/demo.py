"""Demonstration content: two Gorenjska RINs, the Velenje strategy, progress and demo users.

Facts come from the two public texts in the seeds (the coordination group's make-up,
CSD Kranj as coordinator, the dates, Velenje's seven parts and five emphases).
Everything else (programmes, indicators, amounts, progress) is invented to show the
shape of a plan and is marked as an example (primer) wherever it appears.

Loading is idempotent: a plan whose address (slug) exists is left as it is.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from municipalities.models import Municipality, Region
from providers.models import Provider
from rin_portal.formatting import format_number
from rin_portal.models import Role

from .models import (
    Activity,
    Area,
    Chapter,
    EntryFunding,
    FundingLine,
    Goal,
    GroupMember,
    Indicator,
    IndicatorValue,
    NationalGoal,
    NationalProgramme,
    Plan,
    Programme,
    ReportEntry,
    ReportEvent,
    YearlyReport,
)

LJUBLJANA = ZoneInfo("Europe/Ljubljana")
DEMO_PASSWORD = "rin-demo-2026"
DEMO_EMAIL_DOMAIN = "demo.rin-portal.invalid"
EXAMPLE_NOTE = "*Primer: vsebina je izmišljena za prikaz portala in ni besedilo dejanskega načrta.*"
# A strategy speaks of itself as a strategy (the Velenje measures).
STRATEGY_EXAMPLE_NOTE = (
    "*Primer: vsebina je izmišljena za prikaz portala in ni besedilo dejanske strategije.*"
)


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str
    region_code: int | None
    description: str


DEMO_USERS = [
    DemoUser(
        "demo-clan",
        "Maja",
        "Primer",
        Role.Kind.GROUP_MEMBER,
        9,
        "članica koordinacijske skupine Gorenjska",
    ),
    DemoUser("demo-csd", "Tomaž", "Primer", Role.Kind.CSD_STAFF, 9, "strokovni delavec CSD Kranj"),
    DemoUser(
        "demo-ministrstvo",
        "Nina",
        "Primer",
        Role.Kind.REVIEWER,
        None,
        "pregledovalka na ministrstvu",
    ),
    DemoUser("demo-admin", "Ana", "Primer", Role.Kind.ADMINISTRATOR, None, "skrbnica portala"),
]

GORENJSKA_CODE = 9
VELENJE_CODE = 133

SEED_INTRO = (
    "Državni zbor je aprila 2013 sprejel Resolucijo o nacionalnem programu socialnega varstva "
    "2013–2020 (NPSV), ki jo je na izvedbeni ravni potrebno konkretizirati z nacionalnim in "
    "regijskimi izvedbenimi načrti. Namen regijskih izvedbenih načrtov je predvsem opredeliti "
    "potrebe regije na področju socialnega varstva, cilje, aktivnosti in akterje (izvajalce).\n\n"
    "Center za socialno delo Kranj je bil s sklepom Ministrstva za delo, družino, socialne zadeve "
    "in enake možnosti (MDDSZ) določen za pripravo, spremljanje in poročanje o izvajanju "
    "regijskega izvedbenega načrta za območje gorenjske statistične regije."
)

GROUP = [
    ("Predstavnica občin (primer)", "predsednica", "Mestna občina Kranj", "local_community"),
    ("Predstavnik občin (primer)", "", "Občina Radovljica", "local_community"),
    (
        "Predstavnica CSD (primer)",
        "koordinatorica",
        "Center za socialno delo Kranj",
        "public_provider",
    ),
    ("Predstavnik VDC (primer)", "", "Varstveno delovni center Kranj", "public_provider"),
    ("Predstavnica CUDV (primer)", "", "CUDV Matevža Langusa Radovljica", "public_provider"),
    ("Predstavnik domov za starejše (primer)", "", "Dom upokojencev Kranj", "public_provider"),
    ("Predstavnica NVO (primer)", "", "Nevladne organizacije Gorenjske", "ngo"),
    ("Predstavnik uporabnikov (primer)", "", "Uporabniki storitev", "users"),
    ("Predstavnica BSC Kranj (primer)", "", "BSC Kranj", "development_agency"),
]

DEMO_PROVIDERS = [
    ("BSC, poslovno podporni center, d.o.o., Kranj", "BSC Kranj", "development_agency", 52),
    ("Varstveno delovni center Kranj", "VDC Kranj", "vdc", 52),
    (
        "Center za usposabljanje, delo in varstvo Matevža Langusa Radovljica",
        "CUDV Radovljica",
        "cudv",
        102,
    ),
    ("Dom upokojencev Kranj", "DU Kranj", "elderly_home", 52),
    ("Mestna občina Kranj", "MO Kranj", "municipality", 52),
    ("Društvo za duševno zdravje Gorenjske (primer)", "Društvo DZG (primer)", "ngo", 52),
    ("Mestna občina Velenje", "MO Velenje", "municipality", VELENJE_CODE),
    (
        "Društvo za pomoč pri zasvojenosti Velenje (primer)",
        "Društvo PZV (primer)",
        "ngo",
        VELENJE_CODE,
    ),
]

# One area and programme per national priority (ReNPSV13–20, agreed for RINs in 2013).
RIN_PROGRAMMES = [
    {
        "priority": 1,
        "goal_numbers": [1, 2],
        "area": "Otroci, mladostniki in družine",
        "needs": "V regiji ni dovolj svetovanja in podpore družinam v stiski, zlasti zunaj Kranja.",
        "goal": "Dostopna podpora družinam v vseh upravnih enotah",
        "title": "Družinski center Gorenjske",
        "description": "Svetovanje, skupine za starše in preventivni programi za otroke in mladostnike.",
        "target_groups": "otroci, mladostniki, družine",
        "lead": "Center za socialno delo Gorenjska, Enota Kranj",
        "implementers": [
            "Center za socialno delo Gorenjska, Enota Jesenice",
            "Mestna občina Kranj",
        ],
        "municipalities": [52, 41, 102, 122, 131],
        "activities": [
            "Vzpostavitev svetovalnice",
            "Skupine za starše",
            "Preventivne delavnice v šolah",
        ],
        "funding": {"ministry": 30000, "municipalities": 20000},
        "indicators": [("Število družin, vključenih v svetovanje", "count", 40, 160, "increase")],
    },
    {
        "priority": 2,
        "goal_numbers": [2],
        "area": "Bivanje z namestitveno podporo",
        "needs": "Osebe z dolgotrajnimi težavami v duševnem zdravju in osebe z ovirami čakajo na namestitev.",
        "goal": "Več mest v stanovanjskih skupinah",
        "title": "Stanovanjske skupine z namestitveno podporo",
        "description": "Odprtje stanovanjskih skupin in podpora pri samostojnem bivanju.",
        "target_groups": "odrasle osebe z ovirami, osebe s težavami v duševnem zdravju",
        "lead": "Varstveno delovni center Kranj",
        "implementers": ["Center za usposabljanje, delo in varstvo Matevža Langusa Radovljica"],
        "municipalities": [52, 102, 41],
        "activities": ["Najem in ureditev stanovanj", "Zaposlitev strokovnih delavcev"],
        "funding": {"ministry": 60000, "users": 15000},
        "indicators": [("Število mest v stanovanjskih skupinah", "count", 12, 30, "increase")],
    },
    {
        "priority": 3,
        "goal_numbers": [2, 3],
        "area": "Starejši",
        "needs": "Pomoč na domu ne doseže vseh starejših; dnevnih centrov je malo.",
        "goal": "Mreža medgeneracijskih centrov v regiji",
        "title": "Medgeneracijski centri",
        "description": "Dnevne aktivnosti za starejše in povezovanje generacij v lokalnih skupnostih.",
        "target_groups": "starejši, prostovoljci, družine",
        "lead": "Dom upokojencev Kranj",
        "implementers": ["Mestna občina Kranj"],
        "municipalities": [52, 117, 82, 95],
        "activities": ["Odprtje dveh medgeneracijskih centrov", "Program prostovoljstva"],
        "funding": {"municipalities": 25000, "eu_funds": 40000},
        "indicators": [
            (
                "Delež starejših od 65 let, ki prejemajo pomoč na domu",
                "percent",
                1.9,
                3.5,
                "increase",
            ),
            ("Število medgeneracijskih centrov", "count", 1, 4, "increase"),
        ],
    },
    {
        "priority": 4,
        "goal_numbers": [1],
        "area": "Duševno zdravje",
        "needs": "Primanjkuje programov v skupnosti za osebe s težavami v duševnem zdravju.",
        "goal": "Podpora v skupnosti namesto institucije",
        "title": "Skupnostna podpora v duševnem zdravju",
        "description": "Dnevni center in terensko delo za osebe s težavami v duševnem zdravju.",
        "target_groups": "osebe s težavami v duševnem zdravju in njihovi svojci",
        "lead": "Društvo za duševno zdravje Gorenjske (primer)",
        "implementers": ["Center za socialno delo Gorenjska, Enota Radovljica"],
        "municipalities": [52, 102, 3],
        "activities": ["Dnevni center", "Terensko delo", "Skupine za svojce"],
        "funding": {"ministry": 35000, "donations": 5000},
        "indicators": [("Število uporabnikov dnevnega centra", "persons", 50, 90, "increase")],
    },
    {
        "priority": 5,
        "goal_numbers": [1, 3],
        "area": "Socialna aktivacija in podjetništvo",
        "needs": "Dolgotrajno brezposelni prejemniki socialnih pomoči so slabo vključeni.",
        "goal": "Aktivacija prejemnikov denarne socialne pomoči",
        "title": "Programi socialne aktivacije",
        "description": "Programi socialne aktivacije in podpora socialnim podjetjem.",
        "target_groups": "dolgotrajno brezposelni, prejemniki denarne socialne pomoči",
        "lead": "BSC, poslovno podporni center, d.o.o., Kranj",
        "implementers": ["Center za socialno delo Gorenjska, Enota Škofja Loka"],
        "municipalities": [122, 27, 146, 147],
        "activities": ["Programi socialne aktivacije", "Svetovanje socialnim podjetjem"],
        "funding": {"eu_funds": 50000, "municipalities": 10000},
        "indicators": [("Število vključenih v programe aktivacije", "persons", 20, 80, "increase")],
    },
]

VELENJE_PARTS = [
    ("Demografski podatki ter mreža socialnovarstvenih storitev in programov", True),
    ("Izhodišča strategije: cilji in temeljna načela", True),
    ("Pristojnosti in naloge Mestne občine Velenje v socialnem varstvu", True),
    ("Analiza obstoječega stanja", True),
    ("Strategija razvoja socialnega varstva 2014–2020: področja, cilji, ukrepi in kazalniki", True),
    ("Spremljanje in vrednotenje (primer)", False),
    ("Priloge (primer)", False),
]

VELENJE_MEASURES = [
    (
        "Bivanje ranljivih skupin",
        "Stanovanjske skupine in namestitvena podpora ranljivim skupinam s podpornimi programi",
        2,
        ("Število oseb z namestitveno podporo", "persons", 8, 24),
    ),
    (
        "Otroci, mladostniki in družine",
        "Svetovalni center za otroke, mladostnike in družine",
        1,
        ("Število svetovanj na leto", "count", 150, 400),
    ),
    (
        "Starejši in medgeneracijsko sodelovanje",
        "Medgeneracijski dnevni in bivalni center s podpornimi programi",
        3,
        ("Število dnevnih obiskovalcev centra", "persons", 0, 60),
    ),
    (
        "Demenca",
        "Programi za osebe z demenco in njihove svojce",
        3,
        ("Število vključenih svojcev", "persons", 10, 50),
    ),
    (
        "Zasvojenost",
        "Programi za zasvojenost",
        4,
        ("Število uporabnikov programov", "persons", 30, 70),
    ),
]


def _provider(name: str) -> Provider:
    return Provider.objects.get(name=name)


def _ensure_demo_providers() -> None:
    for name, short_name, kind, seat_code in DEMO_PROVIDERS:
        seat = Municipality.objects.get(code=seat_code)
        provider, created = Provider.objects.get_or_create(
            name=name,
            defaults={
                "short_name": short_name,
                "kind": kind,
                "seat": seat,
                "data_note": "Demo: vnos za prikaz portala.",
            },
        )
        if created:
            provider.municipalities_served.set(seat.region.municipalities.all())


def _programme(
    plan: Plan, area: Area, goal: Goal, position: int, spec: dict, national: dict
) -> Programme:
    programme = Programme.objects.create(
        plan=plan,
        area=area,
        goal=goal,
        position=position,
        title=f"{spec['title']} (primer)",
        description=f"{spec['description']}\n\n{EXAMPLE_NOTE}",
        target_groups=spec["target_groups"],
        lead=_provider(spec["lead"]),
        first_year=plan.first_year,
        last_year=plan.last_year,
        is_example=True,
    )
    programme.implementers.set([_provider(name) for name in spec["implementers"]])
    programme.municipalities.set(Municipality.objects.filter(code__in=spec["municipalities"]))
    programme.national_goals.set(
        [national[("priority", spec["priority"])]]
        + [national[("goal", number)] for number in spec["goal_numbers"]]
    )
    for n, description in enumerate(spec["activities"]):
        Activity.objects.create(
            programme=programme,
            position=n,
            description=description,
            timeframe=f"{plan.first_year}–{plan.last_year}",
        )
    for year in plan.years:
        for source, amount in spec["funding"].items():
            FundingLine.objects.create(
                programme=programme, source=source, year=year, planned_amount=Decimal(amount)
            )
    for n, (name, unit, baseline, target, direction) in enumerate(spec["indicators"]):
        Indicator.objects.create(
            programme=programme,
            position=n,
            name=name,
            unit=unit,
            baseline_value=Decimal(str(baseline)),
            baseline_year=plan.first_year - 1,
            target_value=Decimal(str(target)),
            target_year=plan.last_year,
            direction=direction,
        )
    return programme


def _rin(
    *,
    slug,
    title,
    first_year,
    last_year,
    status,
    confirmed_on,
    predecessor,
    region,
    national_programme,
    coordinator,
    summary,
) -> Plan:
    plan = Plan.objects.create(
        kind=Plan.Kind.RIN,
        slug=slug,
        title=title,
        summary=summary,
        region=region,
        first_year=first_year,
        last_year=last_year,
        status=status,
        confirmed_on=confirmed_on,
        confirmed_by="Regijska koordinacijska skupina Gorenjska" if confirmed_on else "",
        coordinator=coordinator,
        predecessor=predecessor,
        national_programme=national_programme,
        is_example=True,
    )
    population = sum(m.populations.get(year=2022).total for m in region.municipalities.all())
    chapters = [
        ("Uvod in pravna podlaga", SEED_INTRO),
        (
            "Gorenjska regija",
            f"Gorenjska statistična regija obsega {region.municipalities.count()} občin, ki jih "
            "naštevamo v prilogi. 1. januarja 2022 je v regiji živelo "
            f"{format_number(population)} prebivalcev (SURS)."
            + "\n\nMrežo centrov za socialno delo sestavlja pet enot Centra za socialno delo "
            "Gorenjska (do 1. oktobra 2018 samostojni CSD Kranj, Jesenice, Radovljica, Škofja "
            "Loka in Tržič).",
        ),
        (
            "Nepokrite potrebe po področjih",
            "Regijska koordinacijska skupina je opredelila področja socialnega varstva, na katerih "
            f"ostajajo potrebe uporabnikov nezadovoljene; navajamo jih v nadaljevanju.\n\n{EXAMPLE_NOTE}",
        ),
        (
            "Spremljanje in poročanje",
            "CSD Kranj vsako leto pripravi poročilo o izvajanju načrta; pregleda ga regijska "
            "koordinacijska skupina, nato ga prejme ministrstvo.",
        ),
    ]
    for n, (chapter_title, body) in enumerate(chapters):
        Chapter.objects.create(plan=plan, position=n, title=chapter_title, body=body)
    for n, (person, function, organisation, represents) in enumerate(GROUP):
        GroupMember.objects.create(
            plan=plan,
            position=n,
            person_name=person,
            function=function,
            organisation=organisation,
            represents=represents,
        )
    national = {
        (g.kind, g.number): g
        for g in NationalGoal.objects.filter(national_programme=national_programme)
    }
    for n, spec in enumerate(RIN_PROGRAMMES):
        area = Area.objects.create(
            plan=plan,
            position=n,
            title=spec["area"],
            unmet_needs=f"{spec['needs']}\n\n{EXAMPLE_NOTE}",
        )
        goal = Goal.objects.create(plan=plan, area=area, position=0, title=spec["goal"])
        _programme(plan, area, goal, 0, spec, national)
    return plan


def _velenje(national_programme: NationalProgramme) -> Plan:
    velenje = Municipality.objects.get(code=VELENJE_CODE)
    plan = Plan.objects.create(
        kind=Plan.Kind.STRATEGY,
        slug="strategija-velenje-2014-2020",
        title="Strategija razvoja socialnega varstva v Mestni občini Velenje 2014–2020",
        summary=(
            "Strategija izhaja iz analize stanja socialnega varstva v Mestni občini Velenje in "
            "postavlja temelje za vzpostavitev oz. ohranjanje socialno primernega lokalnega okolja."
        ),
        municipality=velenje,
        first_year=2014,
        last_year=2020,
        status=Plan.Status.CONFIRMED,
        confirmed_on=datetime.date(2014, 5, 15),
        confirmed_by="Mestni svet Mestne občine Velenje",
        coordinator=_provider("Mestna občina Velenje"),
        national_programme=national_programme,
        is_example=True,
    )
    for n, (title, named_in_source) in enumerate(VELENJE_PARTS):
        body = (
            ""
            if named_in_source
            else "Vir poimenuje le prvih pet delov; naslov tega dela je primer."
        )
        if n == 4:
            body = "Področja, cilji, ukrepi in kazalniki so navedeni v nadaljevanju."
        Chapter.objects.create(plan=plan, position=n, title=title, body=body)
    GroupMember.objects.create(
        plan=plan,
        position=0,
        person_name="Predstavnica delovne skupine (primer)",
        organisation="Mestna občina Velenje",
        represents="local_community",
    )
    national = {
        (g.kind, g.number): g
        for g in NationalGoal.objects.filter(national_programme=national_programme)
    }
    lead = _provider("Mestna občina Velenje")
    csd = _provider("Center za socialno delo Savinjsko-Šaleška, Enota Velenje")
    for n, (area_title, measure, priority, (indicator, unit, baseline, target)) in enumerate(
        VELENJE_MEASURES
    ):
        area = Area.objects.create(plan=plan, position=n, title=area_title)
        goal = Goal.objects.create(
            plan=plan, area=area, position=0, title=f"Razvoj programa: {measure.lower()}"
        )
        programme = Programme.objects.create(
            plan=plan,
            area=area,
            goal=goal,
            position=0,
            title=measure,
            description=f"Poseben poudarek strategije.\n\n{STRATEGY_EXAMPLE_NOTE}",
            lead=lead,
            first_year=2014,
            last_year=2020,
            is_example=True,
        )
        programme.implementers.set([csd])
        programme.municipalities.set([velenje])
        programme.national_goals.set([national[("priority", priority)]])
        Activity.objects.create(
            programme=programme, position=0, description="Priprava in izvajanje programa (primer)"
        )
        for year in plan.years:
            FundingLine.objects.create(
                programme=programme,
                source="municipalities",
                year=year,
                planned_amount=Decimal(12000),
            )
        Indicator.objects.create(
            programme=programme,
            name=f"{indicator} (primer)",
            unit=unit,
            baseline_value=Decimal(baseline),
            baseline_year=2013,
            target_value=Decimal(target),
            target_year=2020,
        )
    return plan


def _progress(plan: Plan, year: int, *, status: str, filer, reviewer, complete: bool) -> None:
    """A yearly report with values moving from baseline towards target."""
    span = plan.last_year - plan.first_year + 1
    share = Decimal(year - plan.first_year + 1) / Decimal(span)
    report = YearlyReport.objects.create(
        plan=plan,
        year=year,
        due_date=plan.report_due_date(year),
        opened_by=filer,
        status=YearlyReport.Status.DRAFT,
    )
    ReportEvent.objects.create(
        report=report, action="opened", user=filer, user_name=filer.get_full_name()
    )
    programmes = Programme.objects.filter(plan=plan).prefetch_related("indicators", "funding_lines")
    for index, programme in enumerate(programmes):
        filled = complete or index % 2 == 0
        entry = ReportEntry.objects.create(
            report=report,
            programme=programme,
            status=(
                ReportEntry.Status.REALISED
                if year == plan.last_year
                else ReportEntry.Status.IN_PROGRESS
            )
            if filled
            else "",
            achievements="Program se je izvajal po načrtu (primer)." if filled else "",
            users_reached=20 + 10 * (year - plan.first_year) if filled else None,
            updated_by=filer,
        )
        for indicator in programme.indicators.all():
            start = indicator.baseline_value or Decimal(0)
            value = start + (indicator.target_value - start) * share
            value = value.quantize(Decimal("1") if indicator.is_whole else Decimal("0.1"))
            IndicatorValue.objects.create(
                entry=entry, indicator=indicator, achieved_value=value if filled else None
            )
        if filled:
            for source in {
                line.source for line in programme.funding_lines.all() if line.year == year
            }:
                planned = sum(
                    line.planned_amount
                    for line in programme.funding_lines.all()
                    if line.year == year and line.source == source
                )
                EntryFunding.objects.create(
                    entry=entry,
                    source=source,
                    amount_used=(planned * Decimal("0.9")).quantize(Decimal("1")),
                )
    if status == YearlyReport.Status.APPROVED:
        stamp = datetime.datetime(year + 1, 3, 20, 10, 0, tzinfo=LJUBLJANA)
        report.status = status
        report.submitted_by, report.submitted_at = filer, stamp
        report.approved_by, report.approved_at = reviewer, stamp + datetime.timedelta(days=7)
        report.save()
        ReportEvent.objects.create(
            report=report, action="submitted", user=filer, user_name=filer.get_full_name()
        )
        ReportEvent.objects.create(
            report=report, action="approved", user=reviewer, user_name=reviewer.get_full_name()
        )


def _ensure_users() -> dict[str, object]:
    User = get_user_model()
    users = {}
    for spec in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": f"{spec.username}@{DEMO_EMAIL_DOMAIN}",
                "is_staff": spec.role == Role.Kind.ADMINISTRATOR,
                "is_superuser": spec.role == Role.Kind.ADMINISTRATOR,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        region = Region.objects.get(code=spec.region_code) if spec.region_code else None
        Role.objects.get_or_create(user=user, kind=spec.role, region=region)
        users[spec.username] = user
    return users


class DemoRefused(Exception):
    pass


def demo_data_load() -> list[DemoUser]:
    """Load the demo content and users, once. Refused unless RIN_DEMO_MODE or DEBUG is on."""
    if not (settings.DEMO_MODE or settings.DEBUG):
        raise DemoRefused(
            "Demo users have published passwords and never exist in production: "
            "set RIN_DEMO_MODE=1 (or DJANGO_DEBUG=1) to load demo data."
        )
    if not Region.objects.filter(code=GORENJSKA_CODE).exists():
        raise DemoRefused("Load the reference data first: python manage.py load_reference_data")
    with transaction.atomic():
        users = _ensure_users()
        _ensure_demo_providers()
        renpsv = NationalProgramme.objects.get(code="renpsv-2013-2020")
        gorenjska = Region.objects.get(code=GORENJSKA_CODE)
        coordinator = _provider("Center za socialno delo Gorenjska, Enota Kranj")
        filer, reviewer = users["demo-csd"], users["demo-clan"]
        first = Plan.objects.filter(slug="rin-gorenjska-2014-2016").first()
        if first is None:
            first = _rin(
                slug="rin-gorenjska-2014-2016",
                title="Regijski izvedbeni načrt na področju socialnega varstva 2014–2016 za gorenjsko statistično regijo",
                first_year=2014,
                last_year=2016,
                status=Plan.Status.CONFIRMED,
                confirmed_on=datetime.date(2014, 6, 30),
                predecessor=None,
                region=gorenjska,
                national_programme=renpsv,
                coordinator=coordinator,
                summary="Regijska koordinacijska skupina je RIN 2014–2016 potrdila junija 2014.",
            )
            _progress(first, 2014, status="approved", filer=filer, reviewer=reviewer, complete=True)
            _progress(first, 2015, status="approved", filer=filer, reviewer=reviewer, complete=True)
            _progress(first, 2016, status="draft", filer=filer, reviewer=reviewer, complete=False)
        if not Plan.objects.filter(slug="rin-gorenjska-2017-2020").exists():
            _rin(
                slug="rin-gorenjska-2017-2020",
                title="Regijski izvedbeni načrt na področju socialnega varstva 2017–2020 za Gorenjsko",
                first_year=2017,
                last_year=2020,
                status=Plan.Status.DRAFT,
                confirmed_on=None,
                predecessor=first,
                region=gorenjska,
                national_programme=renpsv,
                coordinator=coordinator,
                summary=(
                    "V juniju 2017 je regijska koordinacijska skupina pripravila osnutek RIN na "
                    "področju socialnega varstva 2017–2020, v katerem so navedena področja, na "
                    "katerih ostajajo potrebe uporabnikov v gorenjski statistični regiji "
                    "nezadovoljene, in prioritetni programi, s katerimi naj se do leta 2020 "
                    "prepoznani primanjkljaj zmanjša oziroma odpravi."
                ),
            )
        if not Plan.objects.filter(slug="strategija-velenje-2014-2020").exists():
            velenje = _velenje(renpsv)
            for year in velenje.years:
                _progress(
                    velenje,
                    year,
                    status="approved",
                    filer=users["demo-admin"],
                    reviewer=users["demo-admin"],
                    complete=True,
                )
    return DEMO_USERS
