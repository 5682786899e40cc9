"""Realistic stories for the newsroom checks: each with planted faults, or a clean look-alike.

`RECORDS` is the newsroom's records every story is checked against (people with roles over
time, organisations, places); each story in `STORIES` names what it links and quotes (its
dateline is its first place unless it names one), and
`expected` lists the codes of the findings it must raise, in order: every planted fault
found, and nothing on a clean story. A note ("possible-*") is expected only where a name is
a weak signal by design. test_check_corpus.py saves each through the admin form.
"""

from datetime import date

NFD = "unicodedata NFD"  # marks a text to be typed decomposed (the test applies it)

RECORDS = {
    "organisations": [
        {"slug": "idf", "name": "Israel Defense Forces", "kind": "military"},
        {"slug": "government-of-israel", "name": "Government of Israel", "kind": "government"},
        {"slug": "mossad", "name": "Mossad", "kind": "agency"},
        {"slug": "interieur", "name": "Ministère de l'Intérieur", "kind": "government"},
    ],
    "places": [
        {"slug": "israel", "name": "Israel", "kind": "country"},
        {"slug": "jordan", "name": "Jordan", "kind": "country"},
        {"slug": "nice", "name": "Nice", "kind": "city"},
        {"slug": "reading", "name": "Reading", "kind": "city"},
        {"slug": "rotterdam", "name": "Rotterdam", "kind": "city"},
        {"slug": "italia", "name": "Italia", "kind": "country"},
        {"slug": "valencia", "name": "Valencia", "kind": "city"},
        {"slug": "paris", "name": "Paris", "kind": "city"},
        {"slug": "zurich", "name": "Zürich", "kind": "city"},
    ],
    "people": [
        {"slug": "amnon-regev", "name": "Amnon Regev", "honorific": "Lt. Gen."},
        {"slug": "shaul-ben-ami", "name": "Shaul Ben-Ami"},
        {"slug": "jose-garcia", "name": "José García", "role": "Mayor of Valencia"},
        {"slug": "amelie-durand", "name": "Amélie Durand", "role": "Ministre de l'Intérieur"},
        {"slug": "jordan-lees", "name": "Jordan Lees", "role": "Port engineer"},
        {"slug": "mark-ellison", "name": "Mark Ellison", "honorific": "Gen."},
        {"slug": "ruth-ellis", "name": "Ruth Ellis", "role": "Harbour master"},
        {"slug": "tom-ellis", "name": "Tom Ellis", "role": "Union organiser"},
        {"slug": "dana-cole", "name": "Dana Cole", "role": "Reporter"},
        {"slug": "dana-ellison", "name": "Dana Ellison", "role": "Union organiser"},
        {"slug": "sam-ford", "name": "Sam Ford", "role": "Trucking executive"},
    ],
    # (person, organisation, title, from, until)
    "roles": [
        (
            "amnon-regev",
            "idf",
            "Commander of the Southern Command",
            date(2017, 3, 1),
            date(2021, 12, 31),
        ),
        ("amnon-regev", "idf", "Chief of the General Staff", date(2022, 1, 1), None),
        (
            "shaul-ben-ami",
            "idf",
            "Deputy Chief of the General Staff",
            date(2015, 1, 1),
            date(2019, 12, 31),
        ),
        ("shaul-ben-ami", "government-of-israel", "Defence Minister", date(2023, 1, 1), None),
        ("amelie-durand", "interieur", "Ministre de l'Intérieur", date(2024, 5, 1), None),
    ],  # fmt: skip
    # People linked to a story published yesterday: candidates for a second reference.
    "recently_linked": ["mark-ellison", "ruth-ellis", "tom-ellis", "sam-ford"],
}

CLEAN_IMAGE = {"alt_text": "Cranes over the container terminal at dusk", "caption": ""}

STORIES = [
    # Planted faults ------------------------------------------------------------------------
    {
        "name": "quote with one word changed",
        "headline": "Army chief warns of a long winter on the border",
        "body": "<p>Lt. Gen. Amnon Regev said on Monday that the army was ready. “We will act "
        "wherever the threat comes from, and we will act fast,” he told reporters.</p>",
        "people": ["amnon-regev"],
        "places": ["israel"],
        "quotes": [
            ("amnon-regev", "We would act wherever the threat comes from, and we will act fast.")
        ],
        "expected": ["quote-not-in-body"],
    },  # fmt: skip
    {
        "name": "person named and not linked",
        "headline": "Budget talks resume",
        "body": "<p>Talks on the defence budget resumed in Jerusalem on Sunday. Defence "
        "Minister Shaul Ben-Ami and the treasury's officials met for four hours.</p>",
        "places": ["israel"],
        "expected": ["unlinked-person"],
    },
    {
        "name": "name with diacritics typed decomposed, not linked",
        "headline": "Valencia mayor opens the new port road",
        "body": f"<p>{NFD}José García cut the ribbon on Friday.</p>",
        "places": ["valencia"],
        "expected": ["unlinked-person"],
    },
    {
        "name": "linked name written without its accents",
        "headline": "Valencia mayor opens the new port road",
        "body": "<p>Mayor Jose Garcia cut the ribbon on Friday, and thanked the workers.</p>",
        "people": ["jose-garcia"],
        "places": ["valencia"],
        "expected": ["name-without-accents"],
    },
    {
        "name": "stale title before the name",
        "headline": "Army chief visits the south",
        "body": "<p>Southern troops were visited on Tuesday by the Commander of the Southern "
        "Command Amnon Regev, who spoke to officers.</p>",
        "people": ["amnon-regev"],
        "places": ["israel"],
        "expected": ["stale-title"],
    },
    {
        "name": "stale title after the name",
        "headline": "Minister tours the north",
        "body": "<p>Shaul Ben-Ami, the deputy chief of the general staff, toured the north "
        "on Wednesday.</p>",
        "people": ["shaul-ben-ami"],
        "places": ["israel"],
        "expected": ["stale-title"],
    },
    {
        "name": "stale title with ranks between it and the name",
        "headline": "Troops inspected",
        "body": "<p>Deputy Chief of the General Staff Maj. Gen. Shaul Ben-Ami inspected the "
        "troops in Israel on Monday.</p>",
        "people": ["shaul-ben-ami"],
        "places": ["israel"],
        "expected": ["stale-title"],
    },
    {
        "name": "organisation named and not linked",
        "headline": "Spy agency gets a new budget",
        "body": "<p>The Mossad will receive more money next year, officials in Israel said.</p>",
        "places": ["israel"],
        "expected": ["unlinked-organisation"],
    },
    {
        "name": "French story: an elided place not linked",
        "headline": "Le ministre en visite",
        "body": "<p>La ministre de l'Intérieur, Amélie Durand, est arrivée mardi à Paris en "
        "provenance d'Israël, a indiqué son cabinet.</p>",
        "people": ["amelie-durand"],
        "organisations": ["interieur"],
        "places": ["paris"],
        "expected": ["unlinked-place"],
    },
    {
        "name": "Italian elision",
        "headline": "Port deal signed",
        "body": "<p>The deal, signed in Rotterdam, covers the ports dell'Italia and the "
        "north.</p>",
        "places": ["rotterdam"],
        "expected": ["unlinked-place"],
    },
    {
        "name": "wire boilerplate at the foot",
        "headline": "Port strike ends",
        "body": "<p>The strike at the port of Rotterdam ended on Thursday.</p>"
        "<p>This story first appeared in the Harbour Gazette.</p>",
        "places": ["rotterdam"],
        "expected": ["wire-boilerplate"],
    },
    {
        "name": "an agency's appeal after the story",
        "headline": "Port strike ends",
        "body": "<p>The strike at the port of Rotterdam ended on Thursday.</p>"
        "<p>Support Independent Journalism</p>"
        "<p>Our reporters work around the clock.</p>"
        "<p>Monthly donations in particular go a long way in helping us.</p>",
        "places": ["rotterdam"],
        "expected": ["wire-boilerplate"],
    },
    {
        "name": "alt text that is a file name",
        "headline": "Port strike ends",
        "body": "<p>The strike at the port of Rotterdam ended on Thursday.</p>",
        "places": ["rotterdam"],
        "image": {"alt_text": "IMG_2041.jpg", "caption": ""},
        "expected": ["alt-text-file-name"],
    },
    {
        "name": "caption names an unlinked place",
        "headline": "Strike ends",
        "body": "<p>The strike at the port ended on Thursday, the union said.</p>",
        "places": ["israel"],
        "image": {"alt_text": "Cranes at dusk", "caption": "The terminal in Rotterdam."},
        "expected": ["unlinked-place"],
    },
    {
        "name": "title and surname of a recently linked person",
        "headline": "US general meets army chief",
        "body": "<p>The American visitor met Lt. Gen. Amnon Regev on Friday. Gen. Ellison "
        "said the talks were useful.</p>",
        "people": ["amnon-regev"],
        "places": ["israel"],
        "expected": ["possible-person"],
    },
    {
        "name": "a title and surname alone, with no speech verb",
        "headline": "US general meets army chief",
        "body": "<p>Lt. Gen. Amnon Regev welcomed Gen. Ellison to Israel on Friday.</p>",
        "people": ["amnon-regev"],
        "places": ["israel"],
        "expected": ["possible-person"],
    },
    # Clean look-alikes ----------------------------------------------------------------------
    {
        "name": "clean: a place inside a person's name",
        "headline": "Engineer praises the new crane",
        "body": "<p>Jordan Lees, the port engineer, said the crane would save hours.</p>",
        "people": ["jordan-lees"],
        "places": ["rotterdam"],
        "expected": [],
    },
    {
        "name": "clean: an organisation containing a place",
        "headline": "Army names new spokesman",
        "body": "<p>The Israel Defense Forces named a new spokesman on Monday.</p>",
        "organisations": ["idf"],
        "dateline": "paris",
        "expected": [],
    },
    {
        "name": "clean: quote with an ellipsis and an editor's insertion",
        "headline": "Army chief warns",
        "body": "<p>Amnon Regev said: “We are ready, and we have been ready for a long time, "
        "for whatever comes.” He added that the army “is preparing for a variety of "
        "scenarios.”</p>",
        "people": ["amnon-regev"],
        "places": ["israel"],
        "quotes": [
            ("amnon-regev", "We are ready … for whatever comes."),
            ("amnon-regev", "[The army] is preparing for a variety of scenarios."),
        ],
        "expected": [],
    },  # fmt: skip
    {
        "name": "clean: quote split by its attribution",
        "headline": "Minister on the budget",
        "body": "<p>“The budget is fair,” Shaul Ben-Ami said. “It gives the army what it "
        "needs.”</p>",
        "people": ["shaul-ben-ami"],
        "places": ["israel"],
        "quotes": [("shaul-ben-ami", "The budget is fair. It gives the army what it needs.")],
        "expected": [],
    },
    {
        "name": "clean: a past title marked as past",
        "headline": "Army chief looks back",
        "body": "<p>Amnon Regev, who was commander of the Southern Command until 2021, now "
        "leads the army. The former deputy chief of the general staff Shaul Ben-Ami "
        "joined him.</p>",
        "people": ["amnon-regev", "shaul-ben-ami"],
        "places": ["israel"],
        "expected": [],
    },
    {
        "name": "clean: the title of the day",
        "headline": "Minister and army chief meet",
        "body": "<p>Defence Minister Shaul Ben-Ami met the Chief of the General Staff, Amnon "
        "Regev, in Israel. Regev said little afterwards.</p>",
        "people": ["amnon-regev", "shaul-ben-ami"],
        "places": ["israel"],
        "expected": [],
    },
    {
        "name": "clean: invisible characters and other quotation marks",
        "headline": "Minister on the budget",
        "body": '<p>Shaul Ben\u2011Ami (Ben\u00ad-Ami to his friends) said: "It\u2019s '
        'fair.\u200b" Shaul Ben-\u200bAmi left.</p>',
        "people": ["shaul-ben-ami"],
        "places": ["israel"],
        "quotes": [("shaul-ben-ami", "It's fair.")],
        "expected": [],
    },
    {
        "name": "clean: French, with elisions and accents",
        "headline": "Amélie Durand à Paris",
        "body": "<p>La ministre de l'Intérieur, Amélie Durand, a reçu mardi à Paris les "
        "maires d'Île-de-France. « Nous serons prêts », a-t-elle déclaré.</p>",
        "people": ["amelie-durand"],
        "organisations": ["interieur"],
        "places": ["paris"],
        "quotes": [("amelie-durand", "Nous serons prêts")],
        "expected": [],
    },
    {
        "name": "clean: name typed decomposed, linked",
        "headline": "Valencia mayor opens the new port road",
        "body": f"<p>{NFD}José García cut the ribbon in Valencia on Friday.</p>",
        "people": ["jose-garcia"],
        "places": ["valencia"],
        "expected": [],
    },
    {
        "name": "clean: someone else's title beside the name",
        "headline": "Army chief briefed",
        "body": "<p>The commander of the Southern Command briefed Amnon Regev in Israel, and "
        "Amnon Regev later met the commander of the Southern Command, Gen. Tal Noy.</p>",
        "people": ["amnon-regev"],
        "places": ["israel"],
        "expected": [],
    },
    {
        "name": "clean: a common word that is a recent person's surname",
        "headline": "Port traffic",
        "body": "<p>Drivers parked a Ford truck by the gate in Rotterdam. The Ford plant is "
        "closed, a union official said.</p>",
        "places": ["rotterdam"],
        "expected": [],
    },
    {
        "name": "clean: a story that begins like a subscription plug",
        "headline": "Reserve sign-ups open",
        "body": "<p>Sign up for the reserve draft opens today in Israel, the army said, and "
        "is free for students.</p>",
        "places": ["israel"],
        "expected": [],
    },
    {
        "name": "clean: a place's name in English, without its accents",
        "headline": "Talks move to Switzerland",
        "body": "<p>The talks will continue in Zurich next week, officials said.</p>",
        "places": ["zurich"],
        "expected": [],
    },
    {
        "name": "fault: a place's English name, not linked",
        "headline": "Talks move to Switzerland",
        "body": "<p>The talks will continue in Zurich next week, officials in Paris said.</p>",
        "places": ["paris"],
        "expected": ["unlinked-place"],
    },
    {
        "name": "clean: words that look like boilerplate",
        "headline": "Union support grows",
        "body": "<p>Support for the union has grown since the strike in Rotterdam, a poll "
        "showed. The story first appeared on the union's own noticeboard, she said.</p>",
        "places": ["rotterdam"],
        "expected": [],
    },
    {
        "name": "clean: names in other case",
        "headline": "amnon-regev-visits-the-south",
        "body": "<p>THE ARMY CHIEF visited troops in Israel. amnon regev is the slug.</p>",
        "places": ["israel"],
        "expected": [],
    },
    {
        "name": "clean: a second reference to the linked one of two namesakes",
        "headline": "Union talks",
        "body": "<p>Talks in Rotterdam went on late. Ellison said they would resume.</p>",
        "people": ["dana-ellison"],
        "places": ["rotterdam"],
        "expected": [],
    },
    {
        "name": "clean: a surname two recent people share",
        "headline": "Port talks",
        "body": "<p>Talks in Rotterdam went on late. Ellis said they would resume.</p>",
        "places": ["rotterdam"],
        "expected": [],
    },
    {
        "name": "look-alike: a one-word place only at the start of a sentence",
        "headline": "Port reopens",
        "body": "<p>The port of Rotterdam reopened on Monday. Nice weather helped, the "
        "harbour master said.</p>",
        "places": ["rotterdam"],
        "expected": ["possible-place"],
    },
    {
        "name": "look-alike: a one-word place in a title-case headline",
        "headline": "Reading The Signs Of A Cooling Port Economy",
        "body": "<p>Traffic through the port of Rotterdam fell for a third month.</p>",
        "places": ["rotterdam"],
        "expected": ["possible-place"],
    },
]
