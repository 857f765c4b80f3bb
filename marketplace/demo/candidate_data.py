"""What the demo candidates are drawn from: the sectors with their real ESCO
occupations and skills, the countries people come from (names, languages, usual work,
Dutch levels), Antwerp postcodes, coaches' notes and the day parts people can work.

``candidates.py`` draws each profile from these with a seeded random generator.
"""

from __future__ import annotations

from dataclasses import dataclass

from marketplace.candidates.vocabularies import DayPart, Trajectory

ESCO = "http://data.europa.eu/esco/occupation/"
SKILL = "http://data.europa.eu/esco/skill/"


@dataclass(frozen=True)
class Job:
    """An ESCO occupation with the ways people name it."""

    uri: str
    titles: tuple[str, ...]


@dataclass(frozen=True)
class Sector:
    nace: str
    jobs: tuple[Job, ...]
    skills: tuple[str, ...]


SECTORS: dict[str, Sector] = {
    "logistics": Sector(
        "H",
        (
            Job(
                ESCO + "bea705fe-06ac-4147-b8e0-6e8ac1208d8f",
                ("magazijnier", "warehouse worker", "magasinier"),
            ),
            Job(
                ESCO + "eeac6251-1974-42f5-91ed-513c6c883755",
                ("heftruckchauffeur", "forklift driver", "cariste"),
            ),
            Job(ESCO + "f5cb9901-86fc-48d0-9cde-667fbe8cef3a", ("inpakker", "packing")),
            Job(ESCO + "c84a055d-00fe-4789-a054-f4a62914ff6e", ("verhuizer", "removals")),
            Job(ESCO + "b567a979-c556-49fa-8b36-8af6cfe97624", ("havenarbeider", "docker")),
        ),
        (
            SKILL + "1cc5ff0b-afaa-4993-9de7-ab0d77b6cca2",
            SKILL + "a60b664f-bb07-4dd1-8dfa-134a0827f8da",
            SKILL + "20ba084f-129c-4c5e-b39f-539913e0acc4",
        ),
    ),
    "cleaning": Sector(
        "N",
        (
            Job(
                ESCO + "303a1e34-cb16-4054-b323-81e5eec17397",
                ("poetsen in kantoren", "cleaner", "nettoyage"),
            ),
            Job(ESCO + "cbad55a4-c7cf-4ab6-9540-eac72b26729b", ("poetshulp", "housekeeping")),
            Job(
                ESCO + "731ecac4-06e8-4ec2-a559-101fecbd9183",
                ("kamermeisje in hotel", "room attendant"),
            ),
            Job(ESCO + "0da51178-e386-4534-ae71-15ba789ad756", ("wasserij", "laundry")),
            Job(ESCO + "7cb71c5f-c310-481c-b46b-d0044328758c", ("car wash", "auto's wassen")),
        ),
        (
            SKILL + "2bf2c727-ee42-4fc5-a4d7-2cd62b880433",
            SKILL + "d69e45d3-1f3f-4e6a-8933-82e949277811",
        ),
    ),
    "care": Sector(
        "Q",
        (
            Job(
                ESCO + "d38c2107-98f2-47b7-8bb4-f69750d51082",
                ("zorghulp", "nurse aide", "aide-soignante"),
            ),
            Job(ESCO + "1391bdf9-bd61-4fb5-91ca-c29036ab2b60", ("thuiszorg", "home care")),
            Job(ESCO + "a30734bb-2f10-4747-a94c-75f5ec3c63a4", ("brancardier", "hospital porter")),
            Job(
                ESCO + "8d3e8aaa-791b-4c75-a465-f3f827028f50",
                ("verpleegster", "nurse", "infirmière"),
            ),
        ),
        (
            SKILL + "e7a48651-3f68-4762-bf93-57cc1af47016",
            SKILL + "fbb861f7-2386-4d17-84f7-6e340a8e6cd9",
        ),
    ),
    "hospitality": Sector(
        "I",
        (
            Job(
                ESCO + "e1cf6897-158d-4b48-a39e-2a3a8cac216c",
                ("keukenhulp", "kitchen help", "aide de cuisine"),
            ),
            Job(
                ESCO + "f756fdab-7726-4c48-bfcc-94ff8810fc08",
                ("afwasser", "dishwasher", "plongeur"),
            ),
            Job(ESCO + "90f75f67-495d-49fa-ab57-2f320e251d7e", ("kok", "cook", "cuisinier")),
            Job(ESCO + "d5db9d5c-2ebf-4a54-a79a-1b7e7ff70471", ("ober", "waiter", "serveuse")),
            Job(ESCO + "bf7d8b16-4e2c-48ef-b44e-dc25b2d0ab61", ("barista", "koffiebar")),
            Job(ESCO + "a02a1117-212f-4a49-b21a-d3b971e00e48", ("pizzabakker", "pizza maker")),
        ),
        (
            SKILL + "89f8435a-ebc1-42b6-bf5c-496999e99776",
            SKILL + "1bb32451-7ca4-4fa2-a2c0-2083c426d76c",
        ),
    ),
    "construction": Sector(
        "F",
        (
            Job(ESCO + "05f321f8-055b-407d-bf19-e0ddabda56b7", ("metser", "bricklayer", "maçon")),
            Job(ESCO + "15620506-fb5d-49cd-87a2-1c9047fb406a", ("schilder", "painter", "peintre")),
            Job(ESCO + "f4a22809-c00c-4dd0-8b09-c7251f8dcd1c", ("plakker", "plasterer")),
            Job(ESCO + "2a22ff9e-de3b-408d-b312-5034896cc4f4", ("schrijnwerker", "carpenter")),
            Job(ESCO + "4910419f-b4af-4f59-b544-9dbebc8a74f0", ("elektricien", "electrician")),
            Job(ESCO + "7aedaa07-3884-4c5b-88f9-80997b2aa54b", ("lasser", "welder", "soudeur")),
        ),
        (
            SKILL + "18da3b88-1cd5-4ef3-83d6-664e52afdaba",
            SKILL + "74052f13-4cae-4600-a4d3-8103004683f3",
        ),
    ),
    "retail": Sector(
        "G",
        (
            Job(
                ESCO + "0b15375e-dfdd-4047-9efb-096e0aaee7d2",
                ("winkel", "shop assistant", "vendeuse"),
            ),
            Job(ESCO + "2b871272-bd61-4206-bd1a-0b96d7023098", ("kassa", "cashier", "caissière")),
            Job(ESCO + "d35f9e79-5778-43b4-8667-0e3ba1fcb19a", ("rekken vullen", "shelf filling")),
            Job(ESCO + "c822ca35-6c36-4eab-97fa-90f2775091c3", ("markt", "market seller")),
        ),
        (SKILL + "e06f2d35-a160-46c2-89f1-9cae9c93c8b8",),
    ),
    "food": Sector(
        "C",
        (
            Job(ESCO + "e3dc66de-99c7-4607-a82b-7244036d316d", ("fabriek voeding", "food factory")),
            Job(ESCO + "1aadb308-432a-4d01-b54b-b4f7f76dd419", ("bakker", "baker", "boulanger")),
            Job(
                ESCO + "37c7880e-cfee-4c41-a41b-061682fefde3", ("beenhouwer", "butcher", "boucher")
            ),
            Job(ESCO + "87cb6ef5-fa94-4af4-9511-6fe64c463835", ("zuivelfabriek", "dairy factory")),
        ),
        (
            SKILL + "ceca8bbe-cd58-49b4-8ef4-9a34a5ac0f75",
            SKILL + "f289347f-a76d-4d03-a648-74b53ed1e636",
        ),
    ),
}

#: Work some people did before they fled, outside the sectors above.
OTHER_JOBS = (
    Job(ESCO + "eda0d957-3c3c-4139-b89a-a18bc9e18897", ("boekhouder", "accountant")),
    Job(ESCO + "d7d986e1-7333-431b-9719-0c5c6939e360", ("ingenieur", "civil engineer")),
    Job(ESCO + "7c132147-428b-4ea3-87e1-70f7abb691ce", ("apotheker", "pharmacist")),
    Job(ESCO + "f2b15a0e-e65a-438a-affb-29b9d50b77d1", ("programmeur", "developer")),
    Job(ESCO + "978ae3a2-0831-415a-8396-b84dde656fc5", ("kleermaker", "tailor")),
    Job(ESCO + "099c6bb0-22d3-4c5d-8bf5-70910af381ef", ("kapper", "hairdresser")),
    Job(ESCO + "6f7c1e84-8162-4c20-a575-b57ff624eef5", ("taxi", "taxi driver")),
    Job(ESCO + "373db468-bd25-4b67-a6e0-4ac79d9a9e85", ("landbouw", "farm work")),
)

TRANSVERSAL_SKILLS = (
    SKILL + "60c78287-22eb-4103-9c8c-28deaa460da0",  # work in teams
    SKILL + "d2d9051a-10e1-41c5-9cfb-bbdc58016176",  # follow safety precautions
    SKILL + "a311ab20-75df-4aff-8016-3142c5659d30",  # accept constructive criticism
)


@dataclass(frozen=True)
class Origin:
    """Where a group of newcomers comes from: names, languages, usual work."""

    weight: int
    countries: tuple[str, ...]
    women: tuple[str, ...]
    men: tuple[str, ...]
    mother_tongues: tuple[str, ...]
    other_languages: tuple[tuple[str, tuple[str, ...]], ...]
    sectors: tuple[str, ...]
    dutch: tuple[int, ...]  # weights of none, A1, A2, B1, B2, C1


ORIGINS = (
    Origin(
        16,
        ("SY", "TR", "LB"),
        ("Lina", "Rania", "Hiba", "Nour", "Rasha", "Dima"),
        ("Ahmad", "Rami", "Yousef", "Omar", "Khaled", "Samer", "Bassel"),
        ("ar",),
        (("en", ("A2", "B1")), ("tr", ("A1", "A2"))),
        ("construction", "food", "retail", "hospitality"),
        (8, 25, 32, 25, 8, 2),
    ),
    Origin(
        13,
        ("AF", "IR"),
        ("Zahra", "Mariam", "Nasrin", "Sediqa", "Fereshta", "Gulalai"),
        ("Mohammad", "Farid", "Hamid", "Wahid", "Naveed", "Jawad", "Ali"),
        ("fa", "ps"),
        (("en", ("A1", "A2", "B1")), ("ur", ("A2", "B1"))),
        ("logistics", "construction", "hospitality", "food"),
        (18, 35, 28, 15, 4, 0),
    ),
    Origin(
        10,
        ("ER", "ET", "SD"),
        ("Senait", "Helen", "Selam", "Rahwa", "Saba", "Luwam"),
        ("Yonas", "Dawit", "Filmon", "Tesfay", "Mussie", "Biniam"),
        ("ti",),
        (("ar", ("A2", "B1")), ("en", ("A2", "B1")), ("am", ("B1", "B2"))),
        ("cleaning", "logistics", "care", "hospitality"),
        (15, 35, 30, 15, 5, 0),
    ),
    Origin(
        7,
        ("SO", "KE", "ET"),
        ("Hodan", "Fartun", "Ayaan", "Ifrah", "Sahra", "Asha"),
        ("Abdi", "Hassan", "Abdirahman", "Mahad", "Liban"),
        ("so",),
        (("ar", ("A2", "B1")), ("en", ("A2", "B1", "B2"))),
        ("cleaning", "logistics", "care"),
        (15, 35, 30, 15, 5, 0),
    ),
    Origin(
        15,
        ("UA", "PL"),
        ("Olena", "Oksana", "Iryna", "Natalia", "Yulia", "Kateryna", "Viktoria"),
        ("Andriy", "Dmytro", "Serhiy", "Oleksandr", "Bohdan"),
        ("uk",),
        (("ru", ("B2", "C1", "C2")), ("en", ("A2", "B1", "B2")), ("pl", ("A2", "B1"))),
        ("care", "food", "cleaning", "retail", "hospitality"),
        (25, 40, 25, 8, 2, 0),
    ),
    Origin(
        4,
        ("RU",),
        ("Madina", "Zarina", "Aminat"),
        ("Aslan", "Ruslan", "Magomed"),
        ("ru",),
        (("en", ("A1", "A2")), ("ce", ("C2",))),
        ("construction", "logistics", "retail"),
        (15, 35, 30, 15, 5, 0),
    ),
    Origin(
        8,
        ("MA", "ES"),
        ("Imane", "Khadija", "Salma", "Meryem", "Hafsa"),
        ("Youssef", "Soufiane", "Mohamed", "Bilal", "Ilyas"),
        ("ar",),
        (("fr", ("B1", "B2", "C1")), ("es", ("A2", "B1"))),
        ("retail", "hospitality", "cleaning", "logistics"),
        (4, 15, 30, 32, 15, 4),
    ),
    Origin(
        10,
        ("GN", "CD", "CM", "CI"),
        ("Aïssatou", "Fatoumata", "Grâce", "Christelle", "Mariama"),
        ("Mamadou", "Ibrahima", "Jean-Pierre", "Patrick", "Alpha", "Moussa"),
        ("fr",),
        (("ln", ("C2",)), ("wo", ("B2", "C2")), ("en", ("A2", "B1"))),
        ("cleaning", "logistics", "care", "construction"),
        (10, 30, 32, 20, 6, 2),
    ),
    Origin(
        5,
        ("NG", "GH"),
        ("Blessing", "Favour", "Ama", "Chioma"),
        ("Chinedu", "Emeka", "Kwame", "Tunde"),
        ("en",),
        (("yo", ("C2",)), ("ig", ("C2",)), ("ak", ("C2",))),
        ("logistics", "care", "retail"),
        (10, 35, 30, 18, 7, 0),
    ),
    Origin(
        5,
        ("TR",),
        ("Elif", "Zeynep", "Ayşe", "Fadime"),
        ("Emre", "Mehmet", "Burak", "Murat"),
        ("tr",),
        (("ku", ("C2",)), ("en", ("A2", "B1")), ("de", ("A2", "B1"))),
        ("food", "construction", "retail"),
        (8, 25, 32, 25, 8, 2),
    ),
    Origin(
        7,
        ("VE", "CO"),
        ("Daniela", "María", "Valentina", "Camila"),
        ("Carlos", "José", "Andrés", "Luis"),
        ("es",),
        (("en", ("A2", "B1", "B2")),),
        ("hospitality", "care", "cleaning", "retail"),
        (10, 30, 32, 20, 6, 2),
    ),
)

DUTCH_LEVELS = ("none", "A1", "A2", "B1", "B2", "C1")

#: Antwerp postcodes, weighted towards the districts where most newcomers live.
POSTCODES = (
    ("2060", 14),
    ("2140", 12),
    ("2100", 9),
    ("2018", 9),
    ("2170", 8),
    ("2000", 6),
    ("2020", 6),
    ("2030", 4),
    ("2040", 2),
    ("2050", 5),
    ("2150", 5),
    ("2180", 5),
    ("2600", 6),
    ("2610", 4),
    ("2660", 5),
)

NOTES = (
    "Volgt NT2 in de voormiddag; kan pas vanaf 13 uur werken.",
    "Brengt de kinderen naar school: liefst niet voor 9 uur.",
    "Wil VCA-attest halen voor werk in de bouw.",
    "Rijbewijs B in aanvraag, examen gepland.",
    "Wil graag in de zorg; stage als zorgkundige bekijken.",
    "Diploma uit thuisland wordt erkend via NARIC.",
    "Heeft last van de rug: geen zwaar tilwerk.",
    "Zeer gemotiveerd, komt altijd op tijd op afspraken.",
    "Spreekt al vlot Nederlands op de werkvloer, schrijven gaat moeilijker.",
    "Zoekt werk dicht bij huis, geen auto.",
)

DAY_PARTS_BY_TRAJECTORY = {
    # Integrated: Dutch class in the morning, work in the afternoon or evening.
    Trajectory.INTEGRATED: (
        (DayPart.AFTERNOONS,),
        (DayPart.AFTERNOONS, DayPart.EVENINGS),
        (DayPart.AFTERNOONS, DayPart.EVENINGS, DayPart.WEEKENDS),
        (DayPart.EVENINGS, DayPart.WEEKENDS),
    ),
    Trajectory.LINEAR: (
        (),
        (DayPart.MORNINGS, DayPart.AFTERNOONS),
        (DayPart.MORNINGS, DayPart.AFTERNOONS, DayPart.EVENINGS),
        (DayPart.MORNINGS, DayPart.AFTERNOONS, DayPart.NIGHTS, DayPart.WEEKENDS),
    ),
}
