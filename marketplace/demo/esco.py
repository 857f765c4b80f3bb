"""The ESCO entries the demo data names, and finding them in the loaded taxonomy.

The occupations and skills of the demo opportunities (and of the try-outs and courses
built on them) are constants here, by URI. ``occupations`` and ``skills`` are the one
way the demo loaders turn URIs into taxonomy rows: an entry the taxonomy lacks stops
the load with :class:`DemoDataError` instead of leaving a hole in the data.
"""

from __future__ import annotations

from collections.abc import Iterable

from marketplace.taxonomy.models import Occupation, Skill
from marketplace.taxonomy.queries import occupations_by_uri, skills_by_uri

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


class DemoDataError(RuntimeError):
    """The taxonomy lacks an entry the demo data needs (load the taxonomy first)."""


def occupations(uris: Iterable[str]) -> dict[str, Occupation]:
    """The occupations with these ESCO URIs, by URI; every one must be in the taxonomy."""
    uris = set(uris)
    return _all_of(uris, occupations_by_uri(uris))


def skills(uris: Iterable[str]) -> dict[str, Skill]:
    """The skills with these ESCO URIs, by URI; every one must be in the taxonomy."""
    uris = set(uris)
    return _all_of(uris, skills_by_uri(uris))


def _all_of(uris: set[str], found: dict) -> dict:
    missing = sorted(uris - set(found))
    if missing:
        raise DemoDataError(f"Not in the taxonomy: {', '.join(missing)}")
    return found
