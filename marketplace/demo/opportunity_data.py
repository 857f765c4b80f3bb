"""The demo opportunities as data: about forty places of the five demo employers.

Real ESCO occupations and skills (the constants of ``esco.py``) and real Antwerp
postcodes. Most ask for little Dutch (A1 or A2) and many offer language support, as
the partnership's employers do. ``created_days_ago`` and the status say where each one
is in its life; ``opportunities.py`` turns them into rows with their history.
"""

from __future__ import annotations

from dataclasses import dataclass

from marketplace.demo.esco import (
    BAKER,
    BAKERY_SELLER,
    BICYCLE_MECHANIC,
    BUILDING_CLEANER,
    CARE_ASSISTANT,
    CARING,
    CHILDREN,
    CLEANING_BUILDINGS,
    CLEANING_EQUIPMENT,
    COOK,
    DIGITAL_DEVICES,
    DOMESTIC_CLEANER,
    FOOD_SERVICE,
    FORKLIFT,
    HAND_PACKER,
    HEAVY_VEHICLES,
    HOSPITAL_PORTER,
    HOUSEKEEPING_LEAD,
    HYGIENE,
    KITCHEN_ASSISTANT,
    LIFTING_BY_HAND,
    LIFTING_EQUIPMENT,
    LIGHT_VEHICLES,
    LOADING,
    MAKING_FOOD,
    MANAGE_TIME,
    NURSE_ASSISTANT,
    ORDER_PICKER,
    PASTRY_MAKER,
    PATIENT_TRANSPORT,
    PREPARING_FOOD,
    REPAIRING,
    SAFETY,
    SALES_ASSISTANT,
    SELLING,
    SERVING_FOOD,
    SOCIAL_ASSISTANT,
    SORTING,
    STORING,
    SUPERVISING,
    SUPPLY_CHAIN,
    TEACHING,
    TEAMWORK,
    TRAIN_CLEANER,
    TRUCK_DRIVER,
    TUTOR,
    VAN_DRIVER,
    VOLUNTEER_MENTOR,
    WAREHOUSE,
    WINDOW_CLEANER,
    YOUTH_WORKER,
)
from marketplace.opportunities.vocab import OpportunityStatus

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
