"""About forty demo opportunities of the five demo employers, made over the last nine
months, with their history in the audit log.

Real ESCO occupations and skills (by URI) and real Antwerp postcodes. Most ask for
little Dutch (A1 or A2) and many offer language support, as the partnership's
employers do. The dates are relative to the day the demo is loaded, so that a monthly
trend always covers the last months; small variations come from a seeded random
generator, so every load gives the same data.

The loader builds rows and their audit events directly (with the historical moment
of each step), like a data import would; the site itself only changes opportunities
through ``marketplace.opportunities.operations``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from marketplace.accounts.models import Organisation, User
from marketplace.audit.models import AuditEvent
from marketplace.db_types import utcnow
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity, OpportunityLanguage, OpportunitySkill
from marketplace.opportunities.operations import SUBJECT, TRANSITIONS, snapshot
from marketplace.opportunities.vocab import SCHEDULE_COLUMNS, OpportunityStatus
from marketplace.taxonomy.models import Occupation, Skill

_OCC = "http://data.europa.eu/esco/occupation/"
_SKILL = "http://data.europa.eu/esco/skill/"

# ESCO occupations
FORKLIFT = _OCC + "eeac6251-1974-42f5-91ed-513c6c883755"  # heftruckchauffeur, 8344
WAREHOUSE = _OCC + "bea705fe-06ac-4147-b8e0-6e8ac1208d8f"  # magazijnmedewerker, 9333
ORDER_PICKER = _OCC + "cd94def5-3442-4c2e-ae3d-0761a3008bcb"  # orderpicker, 9333
TRUCK_DRIVER = _OCC + "45037d43-a8f5-4f46-b332-b2935bc305f4"  # vrachtwagenchauffeur, 8332
SUPPLY_CHAIN = _OCC + "c8b296be-54ae-48cf-be21-031fa8457937"  # logistiek medewerker, 3343
HAND_PACKER = _OCC + "f5cb9901-86fc-48d0-9cde-667fbe8cef3a"  # inpakker met de hand, 9321
CARE_ASSISTANT = _OCC + "d38c2107-98f2-47b7-8bb4-f69750d51082"  # zorghulp, 5321
NURSE_ASSISTANT = _OCC + "87d0795a-d41f-47ee-979f-0ab7d73836e7"  # verpleeghulp, 5321
BUILDING_CLEANER = _OCC + "303a1e34-cb16-4054-b323-81e5eec17397"  # schoonmaker gebouwen, 9112
DOMESTIC_CLEANER = _OCC + "cbad55a4-c7cf-4ab6-9540-eac72b26729b"  # interieurverzorger, 9111
KITCHEN_ASSISTANT = _OCC + "e1cf6897-158d-4b48-a39e-2a3a8cac216c"  # keukenhulp, 9412
KITCHEN_PORTER = _OCC + "f756fdab-7726-4c48-bfcc-94ff8810fc08"  # medewerker keuken, 9412
FOOD_SERVICE = _OCC + "b4bff870-5c8f-4c33-b07f-f04d79830633"  # medewerker maaltijden, 5246
PATIENT_TRANSPORT = _OCC + "976f752c-5f10-42ca-84fb-89aa529af04f"  # patiëntenvervoerder, 8322
HOSPITAL_PORTER = _OCC + "a30734bb-2f10-4747-a94c-75f5ec3c63a4"  # brancardier, 5329
WINDOW_CLEANER = _OCC + "92cba6b4-8fca-49bb-b68c-45c5096fedc9"  # glazenwasser, 9123
TRAIN_CLEANER = _OCC + "cb932c74-c13b-47e9-9a85-318bd8eb2f96"  # schoonmaker treinen, 9112
HOUSEKEEPING_LEAD = _OCC + "fae51298-03a8-4df4-829a-685dddc1580e"  # hoofd huishoudelijke dienst
SOCIAL_ASSISTANT = _OCC + "4fa660b3-ab97-4a99-ad73-ce3c2612f2c3"  # maatschappelijk assistent
TUTOR = _OCC + "59bce29f-5c8b-47cf-bfd4-6ec003f5323a"  # privéleraar, 2359
BICYCLE_MECHANIC = _OCC + "336cf331-8082-4a0c-bf5f-e7c54706211c"  # fietsenmaker, 7234
COOK = _OCC + "90f75f67-495d-49fa-ab57-2f320e251d7e"  # kok, 5120
VOLUNTEER_MENTOR = _OCC + "1f13d8c3-f601-4d3b-adc8-c8d52e0c15d5"  # mentor vrijwilligers, 3412
YOUTH_WORKER = _OCC + "b7507136-e71e-47e8-b873-e77d5cdf2922"  # jeugdwelzijnswerker, 2635
BAKER = _OCC + "1aadb308-432a-4d01-b54b-b4f7f76dd419"  # bakker, 7512
PASTRY_MAKER = _OCC + "ff42d44c-34f8-46be-ad3a-2aad9a5e43f0"  # gebakmaker, 7512
BAKERY_SELLER = _OCC + "2e9c9404-0d86-453c-9001-3a0cd1d1323b"  # verkoopspecialist brood en banket
SALES_ASSISTANT = _OCC + "9ba74e8a-c40c-4228-9998-eb3c7a5c11df"  # verkoopmedewerker, 5223
VAN_DRIVER = _OCC + "0c408028-c48f-4df8-ba5d-c3d3be15f5a2"  # auto- en bestelwagenkoerier, 8322

# ESCO skills and skill groups
LIFTING_EQUIPMENT = _SKILL + "a60b664f-bb07-4dd1-8dfa-134a0827f8da"
LOADING = _SKILL + "682bb7ca-dbe9-4c33-9c7a-1ae56e28516e"
STORING = _SKILL + "e963cf1f-dc3c-48b2-a0fa-274f5e7f50f6"
SORTING = _SKILL + "e5e3b8d7-a96d-41f4-acb6-563b0f7f2994"
HEAVY_VEHICLES = _SKILL + "c54a0a94-9d45-4697-b7cb-f7eaef839031"
LIGHT_VEHICLES = _SKILL + "dbbbe31a-9b8c-4459-a830-84363648f52c"
SAFETY = _SKILL + "5bcec244-3efe-45ac-8891-0ab4a91e9c48"
CARING = _SKILL + "2486154b-e3fd-4938-8316-029f62afdcb9"
CLEANING_BUILDINGS = _SKILL + "d69e45d3-1f3f-4e6a-8933-82e949277811"
CLEANING_EQUIPMENT = _SKILL + "7a8c9402-0550-4966-9ff6-0d65b0f6b1fb"
PREPARING_FOOD = _SKILL + "89f8435a-ebc1-42b6-bf5c-496999e99776"
SERVING_FOOD = _SKILL + "1bb32451-7ca4-4fa2-a2c0-2083c426d76c"
MAKING_FOOD = _SKILL + "f289347f-a76d-4d03-a648-74b53ed1e636"
SELLING = _SKILL + "e06f2d35-a160-46c2-89f1-9cae9c93c8b8"
SUPERVISING = _SKILL + "aab9f44d-fe0e-46d8-a470-11ce82a64846"
TEAMWORK = _SKILL + "60c78287-22eb-4103-9c8c-28deaa460da0"
HYGIENE = _SKILL + "fba28975-4544-4d37-8971-9bd72534018c"
MANAGE_TIME = _SKILL + "d9013e0e-e937-43d5-ab71-0e917ee882b8"
TEACHING = _SKILL + "335be43a-3267-400e-b5cb-c9e234dc7544"
CHILDREN = _SKILL + "969845ce-6895-44a8-a3d2-b8c2d8b5de21"
REPAIRING = _SKILL + "0b8d15c9-7b4f-4163-b863-fe5b756d3e7f"
LIFTING_BY_HAND = _SKILL + "e852a2ed-c32e-4a39-bc4c-65a78ffe6bf2"
DIGITAL_DEVICES = _SKILL + "35f1be97-06c4-4367-a067-7e0e94f2fa70"

MUST, NICE = True, False
REQUIRED, ADVANTAGE = True, False


@dataclass(frozen=True)
class DemoOpportunity:
    employer: str  # key of a demo organisation
    kind: str
    title: str
    occupation: str  # ESCO URI
    postcode: str
    hours: float
    schedule: tuple[str, ...]
    dutch_level: str
    description: str
    status: str = OpportunityStatus.PUBLISHED
    #: Days before the load day that the employer made it.
    created_days_ago: int = 30
    contract_type: str | None = None
    internship_weeks: int | None = None
    places: int = 1
    language_support: bool = False
    driving_licence: bool = False
    certificates: str = ""
    notes: str = ""
    languages: tuple[tuple[str, str, bool], ...] = ()
    skills: tuple[tuple[str, bool], ...] = ()


JOB, INTERNSHIP, VOLUNTEERING = "job", "internship", "volunteering"
D, PA, F, C = "draft", "paused", "filled", "closed"

OPPORTUNITIES: tuple[DemoOpportunity, ...] = (
    # --- Scheldepoort Logistics (port logistics, 2030) -------------------------------------
    DemoOpportunity(
        "port", JOB, "Heftruckchauffeur dagploeg", FORKLIFT, "2030", 38, ("day",), "A2",
        "Je laadt en lost containers en paletten met de heftruck. Je werkt in een vast "
        "team in de haven. Je krijgt de eerste twee weken een peter of meter.",
        created_days_ago=262, contract_type="interim", places=3, language_support=True,
        certificates="Heftruckattest, VCA basis",
        languages=(("en", "A2", ADVANTAGE),),
        skills=((LIFTING_EQUIPMENT, MUST), (LOADING, MUST), (SAFETY, MUST), (TEAMWORK, NICE)),
        notes="Veiligheidsschoenen en kledij krijg je van ons.",
    ),
    DemoOpportunity(
        "port", JOB, "Heftruckchauffeur in ploegen", FORKLIFT, "2030", 38, ("shifts",), "A2",
        "Vroege en late ploeg, wisselend per week. Je rijdt met de heftruck tussen de "
        "loskade en het magazijn.",
        status=F, created_days_ago=240, contract_type="permanent", places=2,
        language_support=True, certificates="Heftruckattest",
        skills=((LIFTING_EQUIPMENT, MUST), (SAFETY, MUST)),
    ),
    DemoOpportunity(
        "port", JOB, "Magazijnmedewerker ontvangst", WAREHOUSE, "2030", 38, ("day",), "A1",
        "Je ontvangt goederen, telt ze na en zet ze op de juiste plaats. Je werkt met een "
        "scanner. We tonen je alles.",
        created_days_ago=210, contract_type="interim", places=4, language_support=True,
        languages=(("en", "A1", ADVANTAGE), ("fr", "A1", ADVANTAGE)),
        skills=((STORING, MUST), (LIFTING_BY_HAND, MUST), (DIGITAL_DEVICES, NICE)),
    ),
    DemoOpportunity(
        "port", JOB, "Reachtruckchauffeur hoogbouwmagazijn", FORKLIFT, "2040", 38,
        ("day", "evening"), "A2",
        "Je zet paletten tot op twaalf meter hoogte met de reachtruck. Ervaring is een "
        "plus, maar je kunt de opleiding ook bij ons volgen.",
        created_days_ago=150, contract_type="fixed_term", places=2, language_support=True,
        certificates="Attest reachtruck (of bereid om het te halen)",
        skills=((LIFTING_EQUIPMENT, MUST), (STORING, MUST), (SAFETY, MUST)),
        notes="Bereikbaar met de havenbus vanaf Rooseveltplaats.",
    ),
    DemoOpportunity(
        "port", JOB, "Orderpicker avondploeg", ORDER_PICKER, "2030", 30, ("evening",), "A1",
        "Je verzamelt bestellingen met een scanner en een palletwagen. Ideaal als je "
        "overdag Nederlandse les volgt.",
        created_days_ago=95, contract_type="interim", places=5, language_support=True,
        languages=(("en", "A2", ADVANTAGE),),
        skills=((SORTING, MUST), (LIFTING_BY_HAND, MUST), (MANAGE_TIME, NICE)),
    ),
    DemoOpportunity(
        "port", JOB, "Orderpicker weekend", ORDER_PICKER, "2170", 16, ("weekend",), "none",
        "Zaterdag en zondag orderpicken in ons magazijn in Merksem. Geen ervaring nodig.",
        status=C, created_days_ago=180, contract_type="student", places=3,
        skills=((SORTING, MUST),),
    ),
    DemoOpportunity(
        "port", JOB, "Vrachtwagenchauffeur C/CE containervervoer", TRUCK_DRIVER, "2030", 40,
        ("day",), "B1",
        "Je rijdt containers tussen de terminals en klanten in België. Je spreekt met "
        "klanten en planners, daarom vragen we B1.",
        created_days_ago=60, contract_type="permanent", places=2, driving_licence=True,
        certificates="Rijbewijs C of CE, code 95, ADR is een plus",
        languages=(("fr", "A2", ADVANTAGE), ("en", "A2", ADVANTAGE)),
        skills=((HEAVY_VEHICLES, MUST), (LOADING, NICE), (SAFETY, MUST)),
    ),
    DemoOpportunity(
        "port", JOB, "Vrachtwagenchauffeur nachtritten", TRUCK_DRIVER, "2030", 38, ("night",),
        "B1",
        "Nachtelijke ritten naar de distributiecentra in Vlaanderen. Je werkt zelfstandig.",
        status=PA, created_days_ago=120, contract_type="fixed_term", driving_licence=True,
        certificates="Rijbewijs CE, code 95",
        skills=((HEAVY_VEHICLES, MUST),),
    ),
    DemoOpportunity(
        "port", INTERNSHIP, "Stage logistiek medewerker", SUPPLY_CHAIN, "2030", 32, ("day",), "A2",
        "Je leert hoe we zendingen plannen en opvolgen. Je werkt mee op kantoor en in "
        "het magazijn.",
        created_days_ago=45, internship_weeks=12, places=2, language_support=True,
        languages=(("en", "B1", REQUIRED),),
        skills=((DIGITAL_DEVICES, MUST), (STORING, NICE), (TEAMWORK, NICE)),
    ),
    DemoOpportunity(
        "port", JOB, "Inpakker e-commerce", HAND_PACKER, "2030", 24,
        ("evening", "weekend"), "none",
        "Je pakt bestellingen in voor webwinkels. Eenvoudig werk dat je snel leert.",
        status=D, created_days_ago=6, contract_type="flexi", places=6,
        skills=((SORTING, MUST),),
    ),
    # --- Ziekenhuis Aan de Stroom (hospital, 2020) ------------------------------------------
    DemoOpportunity(
        "hospital", JOB, "Zorgkundige in opleiding (zorghulp)", CARE_ASSISTANT, "2020", 30,
        ("day", "weekend"), "A2",
        "Je helpt verpleegkundigen bij de verzorging van patiënten: wassen, eten geven, "
        "bedden opmaken. Je volgt intussen de opleiding zorgkundige.",
        created_days_ago=255, contract_type="training", places=2, language_support=True,
        languages=(("fr", "A1", ADVANTAGE), ("ar", "A2", ADVANTAGE)),
        skills=((CARING, MUST), (HYGIENE, MUST), (TEAMWORK, NICE)),
        notes="Met een taalcoach van het ziekenhuis, twee uur per week.",
    ),
    DemoOpportunity(
        "hospital", JOB, "Verpleeghulp nachtdienst", NURSE_ASSISTANT, "2020", 28,
        ("night", "weekend"), "B1",
        "Je ondersteunt het nachtteam op de afdeling geriatrie.",
        status=F, created_days_ago=200, contract_type="permanent",
        skills=((CARING, MUST), (HYGIENE, MUST)),
    ),
    DemoOpportunity(
        "hospital", JOB, "Schoonmaker patiëntenkamers", BUILDING_CLEANER, "2020", 30,
        ("day",), "A1",
        "Je maakt patiëntenkamers en gangen schoon volgens de regels van hygiëne in een "
        "ziekenhuis. Je krijgt een grondige opleiding.",
        created_days_ago=170, contract_type="permanent", places=3, language_support=True,
        skills=((CLEANING_BUILDINGS, MUST), (HYGIENE, MUST), (SAFETY, NICE)),
    ),
    DemoOpportunity(
        "hospital", JOB, "Schoonmaker operatiekwartier", BUILDING_CLEANER, "2020", 38,
        ("shifts",), "A2",
        "Schoonmaak van de operatiezalen tussen de ingrepen door. Nauwkeurig werk.",
        status=C, created_days_ago=230, contract_type="fixed_term",
        skills=((CLEANING_BUILDINGS, MUST), (HYGIENE, MUST)),
    ),
    DemoOpportunity(
        "hospital", JOB, "Keukenhulp centrale keuken", KITCHEN_ASSISTANT, "2020", 25,
        ("day", "weekend"), "A1",
        "Je helpt bij het klaarmaken van de maaltijden voor de patiënten en doet de afwas.",
        created_days_ago=80, contract_type="article_60", places=2, language_support=True,
        skills=((PREPARING_FOOD, MUST), (HYGIENE, MUST)),
        notes="Artikel 60 in samenwerking met het OCMW Antwerpen.",
    ),
    DemoOpportunity(
        "hospital", JOB, "Medewerker maaltijdbedeling", FOOD_SERVICE, "2020", 20,
        ("day",), "A2",
        "Je brengt de maaltijden rond op de afdelingen en haalt de plateaus weer op.",
        created_days_ago=35, contract_type="fixed_term", places=2, language_support=True,
        skills=((SERVING_FOOD, MUST), (HYGIENE, NICE)),
    ),
    DemoOpportunity(
        "hospital", JOB, "Logistiek assistent magazijn", SUPPLY_CHAIN, "2020", 38,
        ("day",), "A2",
        "Je vult de voorraadkasten van de afdelingen aan en ontvangt leveringen.",
        created_days_ago=140, contract_type="permanent", language_support=True,
        skills=((STORING, MUST), (DIGITAL_DEVICES, NICE)),
    ),
    DemoOpportunity(
        "hospital", JOB, "Patiëntenvervoerder (brancardier)", HOSPITAL_PORTER, "2020", 38,
        ("shifts",), "A2",
        "Je brengt patiënten in bed of rolstoel naar onderzoeken en terug. Vriendelijk en "
        "rustig zijn is belangrijk.",
        created_days_ago=20, contract_type="permanent", places=2, language_support=True,
        languages=(("fr", "A2", ADVANTAGE),),
        skills=((CARING, MUST), (LIFTING_BY_HAND, MUST), (TEAMWORK, NICE)),
    ),
    DemoOpportunity(
        "hospital", JOB, "Chauffeur niet-dringend ziekenvervoer", PATIENT_TRANSPORT, "2020", 30,
        ("day",), "B1",
        "Je rijdt patiënten met de ziekenwagen naar afspraken in andere ziekenhuizen.",
        status=D, created_days_ago=4, contract_type="fixed_term", driving_licence=True,
        certificates="Rijbewijs B, attest eerste hulp",
        skills=((LIGHT_VEHICLES, MUST), (CARING, MUST)),
    ),
    DemoOpportunity(
        "hospital", INTERNSHIP, "Stage zorg: meelopen op de afdeling", CARE_ASSISTANT, "2020", 24,
        ("day",), "A2",
        "Een snuffelstage van zes weken om de zorg te leren kennen.",
        created_days_ago=65, internship_weeks=6, places=3, language_support=True,
        skills=((CARING, MUST), (HYGIENE, NICE)),
    ),
    # --- Glansrijk Schoonmaak (cleaning, 2100) ------------------------------------------------
    DemoOpportunity(
        "cleaning", JOB, "Kantoorschoonmaker avond", BUILDING_CLEANER, "2000", 20,
        ("evening",), "A1",
        "Je maakt kantoren schoon in het centrum van Antwerpen, van 18 tot 22 uur. "
        "Overdag kun je dus naar de les.",
        created_days_ago=245, contract_type="permanent", places=4, language_support=True,
        languages=(("en", "A1", ADVANTAGE),),
        skills=((CLEANING_BUILDINGS, MUST), (MANAGE_TIME, NICE)),
    ),
    DemoOpportunity(
        "cleaning", JOB, "Kantoorschoonmaker vroege ochtend", BUILDING_CLEANER, "2018", 15,
        ("day",), "none",
        "Van 6 tot 9 uur kantoren schoonmaken aan de Kievitplaats.",
        status=F, created_days_ago=190, contract_type="permanent", places=2,
        skills=((CLEANING_BUILDINGS, MUST),),
    ),
    DemoOpportunity(
        "cleaning", JOB, "Kantoorschoonmaker Berchem", BUILDING_CLEANER, "2600", 25,
        ("evening",), "A1",
        "Avondschoonmaak in kantoorgebouwen in Berchem, in een team van drie.",
        created_days_ago=110, contract_type="interim", places=3, language_support=True,
        skills=((CLEANING_BUILDINGS, MUST), (TEAMWORK, NICE)),
    ),
    DemoOpportunity(
        "cleaning", JOB, "Glazenwasser", WINDOW_CLEANER, "2100", 38, ("day",), "A2",
        "Je wast ramen van winkels en kantoren, soms met een hoogwerker. Je rijdt mee met "
        "een collega.",
        created_days_ago=75, contract_type="permanent", places=2, language_support=True,
        certificates="VCA basis (we betalen de opleiding)",
        skills=((CLEANING_BUILDINGS, MUST), (SAFETY, MUST), (LIGHT_VEHICLES, NICE)),
    ),
    DemoOpportunity(
        "cleaning", JOB, "Schoonmaker treinstellen", TRAIN_CLEANER, "2060", 30,
        ("night", "shifts"), "A1",
        "Nachtelijke schoonmaak van treinen in de bundel van Antwerpen-Noord.",
        status=PA, created_days_ago=130, contract_type="interim", places=4,
        language_support=True,
        skills=((CLEANING_EQUIPMENT, MUST), (SAFETY, MUST)),
    ),
    DemoOpportunity(
        "cleaning", JOB, "Ploegleider schoonmaak", HOUSEKEEPING_LEAD, "2100", 38,
        ("day", "evening"), "B1",
        "Je leidt een ploeg van zes schoonmakers, verdeelt het werk en houdt contact met "
        "de klant.",
        created_days_ago=40, contract_type="permanent", driving_licence=True,
        languages=(("fr", "A2", ADVANTAGE), ("pl", "A2", ADVANTAGE)),
        skills=((SUPERVISING, MUST), (CLEANING_BUILDINGS, MUST), (MANAGE_TIME, NICE)),
    ),
    DemoOpportunity(
        "cleaning", INTERNSHIP, "Stage schoonmaak", DOMESTIC_CLEANER, "2100", 30,
        ("day",), "A1",
        "Je leert het vak op de werkvloer, met een vaste begeleider.",
        created_days_ago=15, internship_weeks=8, places=2, language_support=True,
        skills=((CLEANING_BUILDINGS, MUST),),
    ),
    # --- Buurtwerk Samen vzw (volunteering, 2140) --------------------------------------------
    DemoOpportunity(
        "volunteering", VOLUNTEERING, "Vrijwilliger buurtwerk: onthaal buurthuis", SOCIAL_ASSISTANT,
        "2140", 6, ("day",), "A1",
        "Je verwelkomt bezoekers in het buurthuis, zet koffie en helpt bij activiteiten. "
        "Een goede plek om Nederlands te oefenen.",
        created_days_ago=268, places=4, language_support=True,
        languages=(("ar", "A2", ADVANTAGE), ("tr", "A2", ADVANTAGE)),
        skills=((TEAMWORK, NICE),),
    ),
    DemoOpportunity(
        "volunteering", VOLUNTEERING, "Huiswerkbegeleiding voor kinderen", TUTOR, "2140", 4,
        ("evening",), "B1",
        "Twee avonden per week help je kinderen van de lagere school met hun huiswerk.",
        created_days_ago=220, places=6,
        languages=(("fr", "A2", ADVANTAGE), ("en", "A2", ADVANTAGE)),
        skills=((TEACHING, MUST), (CHILDREN, NICE)),
    ),
    DemoOpportunity(
        "volunteering", VOLUNTEERING, "Huiswerkbegeleiding Borgerhout (zomer)", TUTOR, "2140", 6,
        ("day",), "B1",
        "Zomerschool voor kinderen: samen lezen en rekenen.",
        status=C, created_days_ago=160, places=4,
        skills=((TEACHING, MUST), (CHILDREN, MUST)),
    ),
    DemoOpportunity(
        "volunteering", VOLUNTEERING, "Fietsenhersteller repair café", BICYCLE_MECHANIC, "2140", 4,
        ("weekend",), "A1",
        "Elke zaterdag herstellen we samen fietsen van buurtbewoners. Handig zijn is "
        "genoeg, we leren je de rest.",
        created_days_ago=100, places=3, language_support=True,
        skills=((REPAIRING, MUST),),
    ),
    DemoOpportunity(
        "volunteering", VOLUNTEERING, "Kookvrijwilliger buurtrestaurant", COOK, "2140", 5,
        ("evening",), "A1",
        "Samen koken voor het buurtrestaurant op woensdagavond: soep, hoofdgerecht, dessert.",
        created_days_ago=55, places=5, language_support=True,
        skills=((PREPARING_FOOD, MUST), (HYGIENE, MUST)),
    ),
    DemoOpportunity(
        "volunteering", VOLUNTEERING, "Keukenvrijwilliger sociale kruidenier", KITCHEN_ASSISTANT,
        "2060", 4, ("day",), "none",
        "Je sorteert voedselpakketten en helpt in de keuken van de sociale kruidenier.",
        status=F, created_days_ago=205, places=2,
        skills=((SORTING, NICE), (HYGIENE, MUST)),
    ),
    DemoOpportunity(
        "volunteering", VOLUNTEERING, "Buddy voor nieuwkomers", VOLUNTEER_MENTOR, "2140", 3,
        ("evening", "weekend"), "B2",
        "Je spreekt elke week af met een nieuwkomer om samen Nederlands te praten en de "
        "stad te leren kennen.",
        created_days_ago=28, places=10,
        skills=((TEAMWORK, NICE),),
    ),
    DemoOpportunity(
        "volunteering", VOLUNTEERING, "Jeugdwerk: speelpleinbegeleider", YOUTH_WORKER, "2140", 8,
        ("day", "weekend"), "A2",
        "Spelletjes en activiteiten met kinderen op het speelplein, in de vakanties.",
        status=D, created_days_ago=3, places=4, language_support=True,
        skills=((CHILDREN, MUST),),
    ),
    # --- Bakkerij De Zuidpool (bakery, 2018) ---------------------------------------------------
    DemoOpportunity(
        "bakery", JOB, "Bakkershulp vroege ploeg", BAKER, "2018", 30, ("night", "day"), "A1",
        "Je helpt vanaf 4 uur 's morgens met deeg maken, vormen en bakken. Na de middag "
        "ben je vrij.",
        created_days_ago=235, contract_type="permanent", places=2, language_support=True,
        skills=((MAKING_FOOD, MUST), (HYGIENE, MUST), (TEAMWORK, NICE)),
    ),
    DemoOpportunity(
        "bakery", JOB, "Patissier-assistent", PASTRY_MAKER, "2018", 38, ("day",), "A2",
        "Je helpt taarten en gebak maken. Ervaring in een keuken is een plus.",
        status=F, created_days_ago=175, contract_type="fixed_term",
        skills=((MAKING_FOOD, MUST),),
    ),
    DemoOpportunity(
        "bakery", JOB, "Verkoper in de bakkerswinkel", BAKERY_SELLER, "2018", 25,
        ("day", "weekend"), "B1",
        "Je helpt klanten in de winkel, rekent af en houdt de toonbank proper.",
        created_days_ago=125, contract_type="permanent", places=2,
        languages=(("fr", "A1", ADVANTAGE),),
        skills=((SELLING, MUST), (HYGIENE, NICE)),
    ),
    DemoOpportunity(
        "bakery", JOB, "Verkoopmedewerker weekend", SALES_ASSISTANT, "2000", 12,
        ("weekend",), "A2",
        "Zaterdag en zondag in onze winkel op de Vogelenmarkt. Je leert de kassa snel.",
        created_days_ago=50, contract_type="flexi", places=2, language_support=True,
        skills=((SELLING, MUST),),
    ),
    DemoOpportunity(
        "bakery", JOB, "Chauffeur leveringen horeca", VAN_DRIVER, "2018", 20, ("day",), "A2",
        "Je levert 's morgens brood aan restaurants en hotels in Antwerpen met de "
        "bestelwagen.",
        created_days_ago=85, contract_type="permanent", driving_licence=True,
        language_support=True, certificates="Rijbewijs B",
        skills=((LIGHT_VEHICLES, MUST), (LOADING, NICE)),
    ),
    DemoOpportunity(
        "bakery", INTERNSHIP, "Stage bakkerij", BAKER, "2018", 30, ("night", "day"), "A1",
        "Een stage om het bakkersvak te leren, samen met onze bakkers.",
        created_days_ago=12, internship_weeks=10, language_support=True,
        skills=((MAKING_FOOD, MUST), (HYGIENE, MUST)),
    ),
)


def load_demo_opportunities(organisations: dict[str, Organisation], seed: int = 2026,
                            specs: tuple[DemoOpportunity, ...] = OPPORTUNITIES) -> int:
    """Create the demo opportunities (``specs``, by default :data:`OPPORTUNITIES`) with
    their history; returns how many. An organisation without an employer user gets
    history events without an actor, as an import would."""
    rng = random.Random(seed)
    now = utcnow()
    today = now.date()
    occupations = _by_uri(Occupation, {spec.occupation for spec in specs})
    skills = _by_uri(Skill, {uri for spec in specs for uri, _ in spec.skills})
    employers = {
        user.organisation_id: user
        for user in db.session.scalars(select(User).where(User.role == "employer"))
    }
    for spec in specs:
        organisation = organisations[spec.employer]
        _load_one(spec, organisation, employers.get(organisation.id), occupations, skills, rng,
                  now, today)
    db.session.flush()
    return len(specs)


def _by_uri(model, uris: set[str]) -> dict:
    found = {row.uri: row for row in db.session.scalars(select(model).where(model.uri.in_(uris)))}
    missing = sorted(uris - set(found))
    if missing:
        raise LookupError(f"ESCO entries missing from the taxonomy: {missing}")
    return found


def _load_one(spec, organisation, employer, occupations, skills, rng, now, today) -> None:
    created_at = _at(now - timedelta(days=spec.created_days_ago), rng)
    published_at = created_at + timedelta(days=rng.randint(0, 4), hours=rng.randint(1, 6))
    opportunity = Opportunity(
        organisation=organisation,
        kind=spec.kind,
        title=spec.title,
        occupation=occupations[spec.occupation],
        description=spec.description,
        postcode=spec.postcode,
        hours_per_week=spec.hours,
        contract_type=spec.contract_type,
        internship_weeks=spec.internship_weeks,
        places=spec.places,
        dutch_level=spec.dutch_level,
        language_support=spec.language_support,
        driving_licence=spec.driving_licence,
        certificates=spec.certificates,
        notes_for_coaches=spec.notes,
        status=OpportunityStatus.DRAFT,
        created_at=created_at,
        updated_at=created_at,
        **{column: moment in spec.schedule for moment, column in SCHEDULE_COLUMNS.items()},
    )
    opportunity.starts_on, opportunity.closes_on = _dates(spec, published_at, today, rng)
    opportunity.languages = [
        OpportunityLanguage(language_code=code, level=level, required=required)
        for code, level, required in spec.languages
    ]
    opportunity.skills = [
        OpportunitySkill(skill=skills[uri], required=required) for uri, required in spec.skills
    ]
    db.session.add(opportunity)
    db.session.flush()
    first_values = {name: [None, value] for name, value in snapshot(opportunity).items()
                    if value not in (None, "", [], False)}
    _event(opportunity, employer, created_at, "opportunity_created", {"changes": first_values})
    if spec.status == OpportunityStatus.DRAFT:
        return
    _move(opportunity, employer, "publish", published_at)
    if spec.status == OpportunityStatus.PAUSED:
        _move(opportunity, employer, "pause", published_at + timedelta(days=rng.randint(10, 40)))
    elif spec.status == OpportunityStatus.FILLED:
        _move(opportunity, employer, "fill", published_at + timedelta(days=rng.randint(12, 70)))
    elif spec.status == OpportunityStatus.CLOSED:
        closed_at = datetime.combine(opportunity.closes_on, time(17), tzinfo=now.tzinfo)
        _move(opportunity, employer, "close", min(closed_at, now - timedelta(days=1)))


def _at(moment: datetime, rng: random.Random) -> datetime:
    """A moment during office hours of that day."""
    return moment.replace(hour=rng.randint(7, 16), minute=rng.randint(0, 59), second=0,
                          microsecond=0)


def _dates(spec, published_at: datetime, today: date, rng) -> tuple[date | None, date]:
    """Start and closing dates that fit the status: open ones close in the future,
    closed ones closed in the past."""
    published_on = published_at.date()
    if spec.status == OpportunityStatus.CLOSED:
        closes_on = min(published_on + timedelta(days=rng.randint(25, 60)),
                        today - timedelta(days=2))
    elif spec.status == OpportunityStatus.FILLED:
        closes_on = published_on + timedelta(days=rng.randint(60, 90))
    else:
        closes_on = max(published_on + timedelta(days=rng.randint(60, 120)),
                        today + timedelta(days=rng.randint(14, 75)))
    starts_on = None
    if rng.random() < 0.6:
        starts_on = min(published_on + timedelta(days=rng.randint(14, 45)), closes_on)
    return starts_on, closes_on


def _move(opportunity: Opportunity, actor: User | None, action: str, at: datetime) -> None:
    """One step of the life cycle at a moment in the past, as ``apply_transition``
    records it."""
    move = TRANSITIONS[action]
    before = opportunity.status
    opportunity.status = move.target
    opportunity.updated_at = at
    if action == "publish" and opportunity.published_at is None:
        opportunity.published_at = at
    elif action == "fill":
        opportunity.filled_at = at
    elif action == "close":
        opportunity.closed_at = at
    db.session.flush()
    _event(opportunity, actor, at, move.event, {"changes": {"status": [before, move.target]}})


def _event(opportunity: Opportunity, actor: User | None, at: datetime, action: str,
           details) -> None:
    db.session.add(
        AuditEvent(
            occurred_at=at,
            actor_id=actor.id if actor else None,
            actor_organisation_id=actor.organisation_id if actor else None,
            action=action,
            subject_type=SUBJECT,
            subject_id=opportunity.id,
            details={**details, "version": opportunity.version},
        )
    )
