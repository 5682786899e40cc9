"""The demo's organisations, the roles its people hold in them over time, and authority ids.

The people are invented, so they carry no Wikidata id (one would name someone real). The
places carry their Wikidata and GeoNames ids; of the organisations only the United States
Armed Forces does, as the others' ids could not be checked offline.
Role dates are days before the day `seed_demo` runs, so the seed story always shows each
official's title *of its day*, and their earlier posts show on their pages as a career.
"""

from articles.models import Organisation

# Parents come before the organisations inside them.
ORGANISATIONS = [
    {
        "slug": "united-states-armed-forces",
        "name": "United States Armed Forces",
        "kind": Organisation.Kind.MILITARY,
        "wikidata_id": "Q11211",
        "description": "The army, navy, air force, marines, space force and coast guard of "
        "the United States.",
    },
    {
        "slug": "joint-chiefs-of-staff",
        "name": "Joint Chiefs of Staff",
        "kind": Organisation.Kind.MILITARY,
        "parent": "united-states-armed-forces",
        "description": "The heads of the US armed services, who advise the president.",
    },
    {
        "slug": "us-european-command",
        "name": "US European Command",
        "kind": Organisation.Kind.MILITARY,
        "parent": "united-states-armed-forces",
    },
    {
        "slug": "government-of-israel",
        "name": "Government of Israel",
        "kind": Organisation.Kind.GOVERNMENT,
        "description": "The cabinet: the prime minister and the ministers.",
    },
    {
        "slug": "israel-defense-forces",
        "name": "Israel Defense Forces",
        "kind": Organisation.Kind.MILITARY,
        "description": "Israel's army, air force and navy.",
    },
    {
        "slug": "mossad",
        "name": "Mossad",
        "kind": Organisation.Kind.AGENCY,
        "description": "Israel's foreign intelligence agency.",
    },
    {
        "slug": "knesset",
        "name": "Knesset",
        "kind": Organisation.Kind.GOVERNMENT,
        "description": "Israel's parliament.",
    },
    {
        "slug": "port-of-rotterdam-authority",
        "name": "Port of Rotterdam Authority",
        "kind": Organisation.Kind.COMPANY,
    },
    {
        "slug": "jewish-news-syndicate",
        "name": "Jewish News Syndicate",
        "kind": Organisation.Kind.AGENCY,
        "description": "A news agency whose wire copy the desk receives.",
    },
]

YEAR = 365
JCS, IDF = "joint-chiefs-of-staff", "israel-defense-forces"
# (person, organisation, title, began so many days ago, ended so many days ago or None).
ROLES = [
    ("thomas-whitcombe", "us-european-command", "Commander", 5 * YEAR, 430),
    ("thomas-whitcombe", JCS, "Chairman of the Joint Chiefs of Staff", 429, None),
    ("amnon-regev", IDF, "Commander of the Southern Command", 8 * YEAR, 3 * YEAR + 1),
    ("amnon-regev", IDF, "Chief of the General Staff", 3 * YEAR, None),
    ("shaul-ben-ami", IDF, "Deputy Chief of the General Staff", 9 * YEAR, 6 * YEAR),
    ("shaul-ben-ami", "government-of-israel", "Defence Minister", 400, None),
    ("nitzan-peled", "mossad", "Head of operations", 7 * YEAR, 2 * YEAR + 1),
    ("nitzan-peled", "mossad", "Director of the Mossad", 2 * YEAR, None),
    ("avraham-golan", "knesset", "Leader of the opposition", 5 * YEAR, 2 * YEAR + 1),
    ("avraham-golan", "government-of-israel", "Prime Minister", 2 * YEAR, None),
    ("dov-kessler", "knesset", "Leader of the opposition", 2 * YEAR, None),
    ("michal-aharoni", "government-of-israel", "Finance Minister", 2 * YEAR, None),
    ("pieter-van-dam", "port-of-rotterdam-authority", "Spokesman", 4 * YEAR, None),
]  # fmt: skip

# Authority ids of the demo's real places, by slug.
PLACE_IDS = {
    "israel": {"wikidata_id": "Q801", "geonames_id": "294640"},
    "netherlands": {"wikidata_id": "Q55", "geonames_id": "2750405"},
    "cyprus": {"wikidata_id": "Q229", "geonames_id": "146669"},
    "jerusalem": {"wikidata_id": "Q1218", "geonames_id": "281184"},
    "tel-aviv": {"wikidata_id": "Q33935", "geonames_id": "293397"},
    "haifa": {"wikidata_id": "Q41621", "geonames_id": "294801"},
    "rotterdam": {"wikidata_id": "Q34370", "geonames_id": "2747891"},
    "mediterranean-sea": {"wikidata_id": "Q4918"},
}

# The organisations each demo story is about, by story slug.
STORY_ORGANISATIONS = {
    "us-military-chief-lands-in-southern-israel-for-security-talks": [
        "joint-chiefs-of-staff",
        "israel-defense-forces",
        "mossad",
    ],
    "rotterdam-dockworkers-strike-over-automation": ["port-of-rotterdam-authority"],
}
