"""The demo's sections, people and places as plain data; every person in it is invented.

`manage.py seed_demo` loads them before the stories (`generators/demo_stories.py`), keyed by
slug; `manage.py create_demo_users` links its logins to the reporters in LOGIN_PEOPLE.
"""

from articles.models import Place

SECTIONS = [
    {
        "slug": "world",
        "name": "World",
        "position": 1,
        "description": "Diplomacy, defence and the news from beyond our borders.",
    },
    {
        "slug": "politics",
        "name": "Politics",
        "position": 2,
        "description": "The Knesset, the government, and the town halls.",
    },
    {
        "slug": "culture",
        "name": "Culture",
        "position": 3,
        "description": "Film, books, heritage and what to do at the weekend.",
    },
    {
        "slug": "climate",
        "name": "Climate",
        "position": 4,
        "description": "Heat, water, energy and the changing sea.",
    },
]

# The colour each section's generated lead pictures are drawn in: (RGB, name for alt text).
SECTION_COLOURS = {
    "world": ((38, 84, 124), "deep blue"),
    "politics": ((142, 45, 48), "brick red"),
    "culture": ((112, 66, 128), "plum"),
    "climate": ((46, 120, 84), "green"),
}

IMAGE_CREDIT = "Illustration generated for The Newsroom demo"

# The demo logins that `manage.py create_demo_users` makes write under these reporters' names.
LOGIN_PEOPLE = {"journalist": "noa-friedman", "editor": "samuel-osei"}

PEOPLE = [
    # Staff
    {
        "slug": "noa-friedman",
        "name": "Noa Friedman",
        "role": "Defence correspondent",
        "bio": "Noa Friedman covers the military and security services. She reported from "
        "the south for six years before joining the paper's Jerusalem desk.",
    },
    {
        "slug": "lena-hartmann",
        "name": "Lena Hartmann",
        "role": "Diplomatic correspondent",
        "bio": "Lena Hartmann writes about diplomacy, trade and Europe. She previously "
        "worked for regional newspapers in Hamburg and Vienna.",
    },
    {
        "slug": "samuel-osei",
        "name": "Samuel Osei",
        "role": "Politics editor",
        "bio": "Samuel Osei runs the politics desk and still files from the Knesset press "
        "gallery most weeks.",
    },
    {
        "slug": "daniel-mizrahi",
        "name": "Daniel Mizrahi",
        "role": "Northern Israel reporter",
        "bio": "Daniel Mizrahi covers Haifa, the Galilee and the coast from the paper's "
        "northern bureau.",
    },
    {
        "slug": "priya-raman",
        "name": "Priya Raman",
        "role": "Culture writer",
        "bio": "Priya Raman writes about film, books and the arts, and edits the weekend guide.",
    },
    {
        "slug": "tomas-ferreira",
        "name": "Tomás Ferreira",
        "role": "Climate and environment reporter",
        "bio": "Tomás Ferreira covers water, energy and the environment. He trained as a "
        "hydrologist before turning to journalism.",
    },
    # In the news
    {
        "slug": "thomas-whitcombe",
        "honorific": "Gen.",
        "name": "Thomas Whitcombe",
        "role": "Chairman of the US Joint Chiefs of Staff",
        "bio": "The senior officer of the United States armed forces. He commanded US "
        "forces in Europe before his appointment.",
    },
    {
        "slug": "amnon-regev",
        "honorific": "Lt. Gen.",
        "name": "Amnon Regev",
        "role": "Chief of the General Staff, Israel Defense Forces",
        "bio": "A former air force pilot and commander of the Southern Command, appointed "
        "chief of staff three years ago.",
    },
    {
        "slug": "shaul-ben-ami",
        "name": "Shaul Ben-Ami",
        "role": "Defence Minister",
        "bio": "A retired major general who entered politics after thirty years in the army.",
    },
    {
        "slug": "nitzan-peled",
        "name": "Nitzan Peled",
        "role": "Director of the Mossad",
        "bio": "A career intelligence officer who rose through the agency's operations branch.",
    },
    {
        "slug": "avraham-golan",
        "name": "Avraham Golan",
        "role": "Prime Minister",
        "bio": "Leader of the governing coalition, in his second term as prime minister.",
    },
    {
        "slug": "marieke-de-vos",
        "name": "Marieke de Vos",
        "role": "Lead negotiator, Rotterdam dockworkers' union",
        "bio": "A former crane driver who has led the union's talks with terminal operators "
        "since 2019.",
    },
    {
        "slug": "pieter-van-dam",
        "name": "Pieter van Dam",
        "role": "Spokesman, Port of Rotterdam Authority",
    },
    {
        "slug": "andreas-christodoulou",
        "name": "Andreas Christodoulou",
        "role": "Transport Minister of Cyprus",
    },
    {
        "slug": "michal-aharoni",
        "name": "Michal Aharoni",
        "role": "Finance Minister",
        "bio": "An economist and former deputy governor of the central bank.",
    },
    {
        "slug": "dov-kessler",
        "name": "Dov Kessler",
        "role": "Leader of the opposition",
    },
    {
        "slug": "rina-azoulay",
        "name": "Rina Azoulay",
        "role": "Mayor of Haifa",
        "bio": "An architect and town planner, elected mayor on a promise to revive the "
        "lower town.",
    },
    {
        "slug": "ofer-dahan",
        "honorific": "Justice",
        "name": "Ofer Dahan",
        "role": "Chairman of the Central Elections Committee",
    },
    {
        "slug": "adina-morag",
        "name": "Adina Morag",
        "role": "Film director",
        "bio": "A documentary editor from Beersheba; Salt Road is her first feature.",
    },
    {
        "slug": "eliav-sasson",
        "honorific": "Dr.",
        "name": "Eliav Sasson",
        "role": "Marine archaeologist",
    },
    {
        "slug": "ruth-ziv",
        "name": "Ruth Ziv",
        "role": "Bookseller",
        "bio": "Granddaughter of the founder of Shulman Books, which she ran for 31 years.",
    },
    {
        "slug": "gal-shapira",
        "name": "Gal Shapira",
        "role": "Head of the national grid control room",
    },
    {
        "slug": "hila-naor",
        "honorific": "Prof.",
        "name": "Hila Naor",
        "role": "Geologist",
        "bio": "Has mapped the sinkholes along the Dead Sea shore since they began to "
        "spread in the 2000s.",
    },
    {
        "slug": "yonatan-ben-david",
        "honorific": "Dr.",
        "name": "Yonatan Ben-David",
        "role": "Oceanographer",
    },
]

# Parents come before the places inside them.
PLACES = [
    {
        "slug": "israel",
        "name": "Israel",
        "kind": Place.Kind.COUNTRY,
        "latitude": "31.40000",
        "longitude": "35.00000",
    },
    {
        "slug": "netherlands",
        "name": "Netherlands",
        "kind": Place.Kind.COUNTRY,
        "latitude": "52.13260",
        "longitude": "5.29130",
    },
    {
        "slug": "cyprus",
        "name": "Cyprus",
        "kind": Place.Kind.COUNTRY,
        "latitude": "35.12640",
        "longitude": "33.42990",
    },
    {
        "slug": "nevatim-air-base",
        "name": "Nevatim Air Base",
        "kind": Place.Kind.FACILITY,
        "parent": "israel",
        "latitude": "31.20830",
        "longitude": "35.01220",
        "description": "An Israeli Air Force base in the Negev desert, east of Beersheba.",
    },
    {
        "slug": "negev",
        "name": "Negev",
        "kind": Place.Kind.REGION,
        "parent": "israel",
        "description": "The desert that covers the south of the country.",
    },
    # AP style writes Jerusalem's dateline on its own, without a country.
    {
        "slug": "jerusalem",
        "name": "Jerusalem",
        "kind": Place.Kind.CITY,
        "latitude": "31.76830",
        "longitude": "35.21370",
    },
    {
        "slug": "tel-aviv",
        "name": "Tel Aviv",
        "kind": Place.Kind.CITY,
        "parent": "israel",
        "latitude": "32.08530",
        "longitude": "34.78180",
    },
    {
        "slug": "haifa",
        "name": "Haifa",
        "kind": Place.Kind.CITY,
        "parent": "israel",
        "latitude": "32.79400",
        "longitude": "34.98960",
    },
    {
        "slug": "caesarea",
        "name": "Caesarea",
        "kind": Place.Kind.SITE,
        "parent": "israel",
        "latitude": "32.50000",
        "longitude": "34.89170",
        "description": "Herod's harbour city on the coast between Tel Aviv and Haifa.",
    },
    {
        "slug": "dead-sea",
        "name": "Dead Sea",
        "kind": Place.Kind.REGION,
        "latitude": "31.55000",
        "longitude": "35.47000",
    },
    {
        "slug": "ein-gedi",
        "name": "Ein Gedi",
        "kind": Place.Kind.SITE,
        "parent": "israel",
        "latitude": "31.46170",
        "longitude": "35.38830",
    },
    {
        "slug": "mediterranean-sea",
        "name": "Mediterranean Sea",
        "kind": Place.Kind.REGION,
    },
    {
        "slug": "rotterdam",
        "name": "Rotterdam",
        "kind": Place.Kind.CITY,
        "parent": "netherlands",
        "latitude": "51.92440",
        "longitude": "4.47770",
    },
    {
        "slug": "limassol",
        "name": "Limassol",
        "kind": Place.Kind.CITY,
        "parent": "cyprus",
        "latitude": "34.67860",
        "longitude": "33.04130",
    },
]
