"""The demo content as plain data; every person, quote and event in it is invented.

`manage.py seed_demo` loads it. Rows are keyed by slug. A story's `published_at` is an
offset from the moment it is first loaded (negative: in the past; positive: scheduled);
bodies are HTML whose line breaks are collapsed to single spaces when loaded.
"""

from datetime import timedelta

from articles import revisions
from articles.models import Article, Byline, Correction, Place

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

AUTHOR = Byline.Role.AUTHOR
CONTRIBUTOR = Byline.Role.CONTRIBUTOR

STORIES = [
    {
        "slug": "us-military-chief-lands-in-southern-israel-for-security-talks",
        "headline": "US military chief lands in southern Israel for talks on regional threats",
        "dek": "Gen. Thomas Whitcombe met Israel's top commander, the defence minister and "
        "the head of the Mossad at Nevatim Air Base, and spoke to the prime minister by "
        "video link.",
        "section": "world",
        "status": Article.Status.PUBLISHED,
        "published_at": -timedelta(hours=3),
        "dateline": "nevatim-air-base",
        "places": ["nevatim-air-base", "israel"],
        "people": [
            "thomas-whitcombe",
            "amnon-regev",
            "shaul-ben-ami",
            "nitzan-peled",
            "avraham-golan",
        ],
        "tags": ["Defence", "Israel", "United States", "Iran"],
        "bylines": [("noa-friedman", AUTHOR), ("lena-hartmann", CONTRIBUTOR)],
        "image_caption": "Nevatim Air Base in the Negev, where the general's plane landed "
        "before dawn.",
        "body": """
            <p>Gen. Thomas Whitcombe, the chairman of the US Joint Chiefs of Staff, arrived in
            Israel before dawn for talks with the country's military and political leaders.
            The visit was not announced in advance.</p>
            <p>His plane touched down at Nevatim Air Base in the Negev, where he was met by
            Lt. Gen. Amnon Regev, the chief of the general staff of the Israel Defense Forces.
            Defence Minister Shaul Ben-Ami and Nitzan Peled, the director of the Mossad,
            joined the talks at the base, and Prime Minister Avraham Golan took part by video
            link from Jerusalem.</p>
            <p>Officials on both sides said the discussions covered Iran's missile and drone
            programmes and the flow of weapons to armed groups near Israel's borders. Speaking
            to reporters on the tarmac afterwards, Regev said: “We went through the threats on
            every front, one by one, and we came out with a shared picture of what may come
            next and of what each of us will do about it.”</p>
            <p>Whitcombe also sat in on a briefing chaired by Regev with the American defence
            attaché in Israel, Israel's military attaché in Washington and the head of the
            army's foreign liaison division. Neither side released details.</p>
            <p>It was the general's second trip to Israel in the post. He first came fourteen
            months ago, only weeks after his appointment, and spent most of that visit with
            air-defence crews in the north.</p>
            <p>Ben-Ami said the timing of the visit showed how closely the two militaries now
            work together. “A visit like this one is a working day, not a ceremony. The trust
            between our armed forces has been built over decades, and it is the foundation on
            which Israel's security rests.”</p>
        """,
        "quotes": [
            {
                "speaker": "amnon-regev",
                "text": "We went through the threats on every front, one by one, and we came "
                "out with a shared picture of what may come next and of what each of us will "
                "do about it.",
                "context": "speaking to reporters at Nevatim Air Base",
            },
            {
                "speaker": "shaul-ben-ami",
                "text": "A visit like this one is a working day, not a ceremony. The trust "
                "between our armed forces has been built over decades, and it is the "
                "foundation on which Israel's security rests.",
                "context": "in a statement after the talks",
            },
        ],
    },
    {
        "slug": "rotterdam-dockworkers-strike-over-automation",
        "headline": "Rotterdam dockworkers strike over plans to automate two more terminals",
        "dek": "Dozens of ships are waiting at anchor after the union walked out over plans "
        "to run container cranes without drivers.",
        "section": "world",
        "status": Article.Status.PUBLISHED,
        "published_at": -timedelta(days=1, hours=5),
        "dateline": "rotterdam",
        "places": ["rotterdam", "netherlands"],
        "people": ["marieke-de-vos", "pieter-van-dam"],
        "tags": ["Labour", "Shipping", "Netherlands"],
        "bylines": [("lena-hartmann", AUTHOR)],
        "image_caption": "Container terminals on the Maasvlakte, at the seaward end of the "
        "port of Rotterdam.",
        "body": """
            <p>Dockworkers at the port of Rotterdam, the busiest in Europe, stopped work at six
            in the morning on a 48-hour strike over plans to automate two more of the port's
            container terminals.</p>
            <p>By midday about forty ships were waiting at anchor in the North Sea, and the port
            authority warned that shipping lines could send cargo to Antwerp or Hamburg
            instead if the stoppage went on.</p>
            <p>The union says the terminal operators want to take drivers out of the cranes
            within three years without agreeing what happens to the roughly 600 people who do
            that work today. Marieke de Vos, who leads the union's negotiating team, put it
            plainly: “Nobody here is against new machines. We are against reading about them
            in a press release.”</p>
            <p>The port authority is not a party to the dispute. Its spokesman, Pieter van
            Dam, said: “This port runs on the people who work in it and on the trust of the
            companies that ship through it. We want both sides back at the table this
            week.”</p>
            <p>Talks are due to resume under a mediator appointed by the government.</p>
        """,
        "quotes": [
            {
                "speaker": "marieke-de-vos",
                "text": "Nobody here is against new machines. We are against reading about "
                "them in a press release.",
                "context": "outside the gates of a container terminal",
            },
            {
                "speaker": "pieter-van-dam",
                "text": "This port runs on the people who work in it and on the trust of the "
                "companies that ship through it. We want both sides back at the table this "
                "week.",
            },
        ],
        "corrections": [
            {
                "kind": Correction.Kind.UPDATE,
                "text": "This story was updated with comment from the port authority.",
                "after": timedelta(hours=2),
            },
        ],
    },
    {
        "slug": "heatwave-drives-electricity-demand-to-record",
        "headline": "Heatwave drives Israel's electricity demand to a record",
        "dek": "The grid held, but the operator asked households to wait until after dark to "
        "run washing machines and dishwashers.",
        "section": "climate",
        "status": Article.Status.PUBLISHED,
        "published_at": -timedelta(days=2, hours=7),
        "dateline": "tel-aviv",
        "places": ["israel", "tel-aviv"],
        "people": ["gal-shapira"],
        "tags": ["Heat", "Energy", "Climate"],
        "bylines": [("tomas-ferreira", AUTHOR)],
        "image_caption": "Demand peaked in the late afternoon, when air conditioners ran "
        "flat out across the centre of the country.",
        "body": """
            <p>Electricity demand in Israel reached a record on the third day of a heatwave, as
            temperatures passed 44°C in the Jordan Valley and 38°C on the coast.</p>
            <p>Demand peaked at about 18,000 megawatts in the late afternoon, a level the grid
            operator had not expected to reach for another two years. There were no planned
            power cuts, but several neighbourhoods lost power for short spells when local
            transformers overheated.</p>
            <p>Gal Shapira, who runs the national control room, credited the solar farms built
            over the past five years: “Five years ago an afternoon like this would have meant
            rolling blackouts. Today the same sun that causes the problem does a good part of
            the work of solving it.”</p>
            <p>The operator asked households to run washing machines, dishwashers and water
            heaters after 8 p.m. until the heat breaks. Forecasters expect temperatures to fall
            by the weekend.</p>
        """,
        "quotes": [
            {
                "speaker": "gal-shapira",
                "text": "Five years ago an afternoon like this would have meant rolling "
                "blackouts. Today the same sun that causes the problem does a good part of "
                "the work of solving it.",
            },
        ],
    },
    {
        "slug": "budget-passes-first-reading-after-all-night-session",
        "headline": "Budget passes first reading after an all-night session",
        "dek": "The coalition found its 61 votes only after agreeing extra money for northern "
        "towns and a smaller rise in fuel duty.",
        "section": "politics",
        "status": Article.Status.PUBLISHED,
        "published_at": -timedelta(days=3, hours=10),
        "dateline": "jerusalem",
        "places": ["jerusalem"],
        "people": ["michal-aharoni", "dov-kessler"],
        "tags": ["Budget", "Knesset", "Economy"],
        "bylines": [("samuel-osei", AUTHOR)],
        "image_caption": "The vote came shortly before 5 a.m., after fourteen hours of debate.",
        "body": """
            <p>The government's budget for next year passed its first reading in the Knesset
            shortly before 5 a.m., at the end of a session that began the previous afternoon
            and ran through the night.</p>
            <p>The bill passed by 61 votes to 54. Two coalition parties had threatened to vote
            against it until late in the evening, when the Finance Ministry agreed to add money
            for towns near the northern border and to halve a planned rise in fuel duty.</p>
            <p>Finance Minister Michal Aharoni told the chamber that the deal kept the deficit
            within the target promised to the ratings agencies. “This budget is not generous,
            and it was never meant to be. It pays for defence, it protects the north and it
            keeps the promises we made to the markets.”</p>
            <p>Opposition leader Dov Kessler called the late changes a rescue package for the
            coalition rather than for the country: “Every shekel added tonight was added to
            keep this government alive until morning.”</p>
            <p>The bill now goes back to the finance committee before its second and third
            readings, which must be held before the end of March.</p>
        """,
        "quotes": [
            {
                "speaker": "michal-aharoni",
                "text": "This budget is not generous, and it was never meant to be. It pays "
                "for defence, it protects the north and it keeps the promises we made to the "
                "markets.",
                "context": "in the Knesset debate",
            },
            {
                "speaker": "dov-kessler",
                "text": "Every shekel added tonight was added to keep this government alive "
                "until morning.",
                "context": "in the Knesset debate",
            },
        ],
    },
    {
        "slug": "film-festival-opens-with-negev-debut",
        "headline": "Film festival opens with a debut shot entirely in the Negev",
        "dek": "Adina Morag's first feature, about a family that runs a roadside café, drew a "
        "standing ovation on opening night.",
        "section": "culture",
        "status": Article.Status.PUBLISHED,
        "published_at": -timedelta(days=5, hours=2),
        "dateline": "jerusalem",
        "places": ["jerusalem", "negev"],
        "people": ["adina-morag"],
        "tags": ["Film", "Festivals"],
        "bylines": [("priya-raman", AUTHOR)],
        "image_caption": "Salt Road was filmed over eleven weeks on the road south to Eilat.",
        "body": """
            <p>The Jerusalem Film Festival opened with <em>Salt Road</em>, the first feature
            by Adina Morag, about three generations of a family running a café on the road to
            Eilat.</p>
            <p>Morag shot the film in eleven weeks with a crew of fourteen, most of them from
            towns in the Negev, and cast non-professional actors in all but two of the main
            roles.</p>
            <p>Introducing the screening, she said the desert was the film's real subject.
            “People drive through the Negev on their way to somewhere else. I wanted to make a
            film for the people who stop.”</p>
            <p>The festival runs for ten days and shows more than 150 films, among them a
            programme of restored Israeli films from the 1970s. Tickets for the opening weekend
            sold out within hours, the organisers said.</p>
        """,
        "quotes": [
            {
                "speaker": "adina-morag",
                "text": "People drive through the Negev on their way to somewhere else. I "
                "wanted to make a film for the people who stop.",
                "context": "introducing the opening-night screening",
            },
        ],
    },
    {
        "slug": "caesarea-underwater-trail-reopens",
        "headline": "Divers return to the underwater trail through Caesarea's ancient harbour",
        "dek": "Marked routes lead past Roman anchors, fallen columns and the remains of "
        "Herod's breakwaters.",
        "section": "culture",
        "status": Article.Status.PUBLISHED,
        "published_at": -timedelta(days=6, hours=8),
        "dateline": "caesarea",
        "places": ["caesarea"],
        "people": ["eliav-sasson"],
        "tags": ["Archaeology", "Diving", "Heritage"],
        "bylines": [("priya-raman", AUTHOR), ("daniel-mizrahi", CONTRIBUTOR)],
        "image_caption": "The harbour at Caesarea, where winter storms moved sand across the "
        "underwater trail.",
        "body": """
            <p>The underwater trail through the ruins of the ancient harbour at Caesarea has
            reopened to divers after a winter of storms buried much of it in sand.</p>
            <p>The trail has four routes at different depths, marked by numbered posts on the
            sea bed. Divers pass stone anchors, fallen columns and the foundations of the
            breakwaters that Herod's engineers built out into the open sea more than two
            thousand years ago.</p>
            <p>Dr. Eliav Sasson, the marine archaeologist who leads excavations at the site,
            said the storms had uncovered something new as well. “Every winter the sea takes
            something away and gives something back. This year it gave us a row of timber
            beams we had never seen before.”</p>
            <p>Dives must be booked through one of the licensed centres in the harbour.
            Snorkellers can follow the shallowest route, which starts close to the shore.</p>
        """,
        "quotes": [
            {
                "speaker": "eliav-sasson",
                "text": "Every winter the sea takes something away and gives something back. "
                "This year it gave us a row of timber beams we had never seen before.",
            },
        ],
    },
    {
        "slug": "election-committee-trials-electronic-ballot-counting",
        "headline": "Election committee to trial scanners for counting paper ballots",
        "dek": "Voters in three towns will still mark paper, but machines will count it, in "
        "a pilot the committee says could halve the wait for results.",
        "section": "politics",
        "status": Article.Status.PUBLISHED,
        "published_at": -timedelta(days=8, hours=4),
        "dateline": "jerusalem",
        "places": ["jerusalem", "israel"],
        "people": ["ofer-dahan"],
        "tags": ["Elections", "Technology"],
        "bylines": [("samuel-osei", AUTHOR)],
        "image_caption": "Every ballot in the pilot will remain on paper, the committee said.",
        "body": """
            <p>Voters in three towns will mark paper ballots as usual at the next municipal
            elections, but scanners will do the counting, under a pilot announced by the
            Central Elections Committee.</p>
            <p>Justice Ofer Dahan, the committee's chairman, said the paper would remain the
            legal record of every vote. “A machine will count the ballots, and people will
            check the machine. If the two ever disagree, the paper wins.”</p>
            <p>In a sample of polling stations every box will also be counted by hand and the
            two results compared before any are published. The committee said the scanners
            would not be connected to the internet.</p>
            <p>Civil liberties groups welcomed the decision to keep paper but asked the
            committee to publish the scanners' software for independent review. The committee
            said outside experts would be able to inspect the machines before election
            day.</p>
        """,
        "quotes": [
            {
                "speaker": "ofer-dahan",
                "text": "A machine will count the ballots, and people will check the machine. "
                "If the two ever disagree, the paper wins.",
                "context": "at a news conference",
            },
        ],
    },
    {
        "slug": "dead-sea-sinkholes-close-road",
        "headline": "Sinkholes close another stretch of the Dead Sea road",
        "dek": "Two kilometres of Route 90 near Ein Gedi were shut after three new holes "
        "opened beside the road overnight.",
        "section": "climate",
        "status": Article.Status.PUBLISHED,
        "published_at": -timedelta(days=10, hours=6),
        "dateline": "ein-gedi",
        "places": ["ein-gedi", "dead-sea", "israel"],
        "people": ["hila-naor"],
        "tags": ["Dead Sea", "Geology", "Water"],
        "bylines": [("tomas-ferreira", AUTHOR)],
        "image_caption": "The shore of the Dead Sea near Ein Gedi has retreated by more than a "
        "kilometre in places.",
        "body": """
            <p>Police closed a two-kilometre stretch of Route 90 near Ein Gedi after three new
            sinkholes opened beside the road overnight, the largest about eight metres
            across.</p>
            <p>Sinkholes form along the Dead Sea shore as the water level falls and fresh
            groundwater dissolves buried layers of salt. The sea has dropped by more than a
            metre a year for decades, as water from the Jordan is taken upstream and mineral
            works pump from the southern basin.</p>
            <p>Prof. Hila Naor, a geologist who has mapped the sinkholes for fifteen years,
            said more closures were certain. “We know where the salt is and we know the sea
            will keep falling. What we cannot tell anyone is which night the ground will give
            way.”</p>
            <p>Traffic is being sent on a detour through the hills that adds about forty
            minutes to the drive between Ein Gedi and the hotels further south. The roads
            authority said it was studying a new route further inland.</p>
        """,
        "quotes": [
            {
                "speaker": "hila-naor",
                "text": "We know where the salt is and we know the sea will keep falling. What "
                "we cannot tell anyone is which night the ground will give way.",
            },
        ],
    },
    {
        "slug": "cyprus-haifa-ferry-service-resumes",
        "headline": "Ferries between Cyprus and Haifa to sail again after four years",
        "dek": "A weekly passenger and car service from Limassol will restart in the spring, "
        "the Cypriot transport ministry said.",
        "section": "world",
        "status": Article.Status.PUBLISHED,
        "published_at": -timedelta(days=12, hours=3),
        "dateline": "limassol",
        "places": ["limassol", "cyprus", "haifa"],
        "people": ["andreas-christodoulou"],
        "tags": ["Transport", "Cyprus", "Tourism"],
        "bylines": [("lena-hartmann", AUTHOR), ("daniel-mizrahi", CONTRIBUTOR)],
        "image_caption": "The new service will sail overnight between Limassol and Haifa.",
        "body": """
            <p>A passenger ferry between Limassol and Haifa will sail again in the spring,
            four years after the last regular crossing, Cyprus's transport ministry said in a
            statement.</p>
            <p>A Greek operator will run the route with a ship that carries 900 passengers and
            about 200 cars. The overnight crossing takes around ten hours. There will be one
            sailing a week in each direction at first, and two in the summer months.</p>
            <p>Transport Minister Andreas Christodoulou said the ferry was aimed at families
            and holidaymakers: “For a generation of Cypriots and Israelis, the ferry was how
            you went on holiday with the car full of luggage. We want to give them that
            back.”</p>
            <p>The old service stopped when its operator ran into financial trouble and sold
            its ship. Since then travellers have relied on flights, which take less than an
            hour but leave the car behind. Port officials in Haifa said the passenger
            terminal needed only minor work before the first arrival.</p>
        """,
        "quotes": [
            {
                "speaker": "andreas-christodoulou",
                "text": "For a generation of Cypriots and Israelis, the ferry was how you went "
                "on holiday with the car full of luggage. We want to give them that back.",
                "context": "in a statement",
            },
        ],
        "corrections": [
            {
                "kind": Correction.Kind.CORRECTION,
                "text": "An earlier version of this story said the ship carries 1,900 "
                "passengers. It carries 900.",
                "after": timedelta(hours=20),
            },
        ],
    },
    {
        "slug": "haifa-council-votes-to-pedestrianise-lower-town",
        "headline": "Haifa votes by one to close lower town streets to cars",
        "dek": "Mayor Rina Azoulay's plan for a car-free quarter between the port and the "
        "market passed 16 to 15 after three hours of debate.",
        "section": "politics",
        "status": Article.Status.PUBLISHED,
        "published_at": -timedelta(days=14, hours=9),
        "dateline": "haifa",
        "places": ["haifa"],
        "people": ["rina-azoulay"],
        "tags": ["Haifa", "Local government", "Transport"],
        "bylines": [("daniel-mizrahi", AUTHOR)],
        "image_caption": "Six streets between the port and the market will close to private "
        "cars within two years.",
        "body": """
            <p>Haifa's city council has approved a plan to close six streets in the lower town
            to private cars and turn the area between the port and the market into a
            pedestrian quarter within two years.</p>
            <p>The vote was 16 to 15. Shopkeepers filled the public gallery, some with signs
            for the plan and some against, and the meeting was twice interrupted by
            shouting.</p>
            <p>Mayor Rina Azoulay, who campaigned on the plan, said it would bring people back
            to a part of the city many had given up on. “The lower town is the oldest and most
            beautiful part of Haifa, and for thirty years we have used it as a car park.”</p>
            <p>Opponents warned that deliveries would get harder and that parked cars would
            spill into nearby residential streets. The plan sets loading hours early in the
            morning and adds a car park next to the train station.</p>
            <p>Work on the first two streets is due to start in the autumn.</p>
        """,
        "quotes": [
            {
                "speaker": "rina-azoulay",
                "text": "The lower town is the oldest and most beautiful part of Haifa, and for "
                "thirty years we have used it as a car park.",
                "context": "at the council meeting",
            },
        ],
    },
    {
        "slug": "tel-aviv-bookshop-finds-new-owners",
        "headline": "Tel Aviv's oldest bookshop changes hands, and keeps its name",
        "dek": "Two former booksellers have bought Shulman Books from the family that has run "
        "it since 1927.",
        "section": "culture",
        "status": Article.Status.PUBLISHED,
        "published_at": -timedelta(days=17, hours=5),
        "dateline": "tel-aviv",
        "places": ["tel-aviv"],
        "people": ["ruth-ziv"],
        "tags": ["Books", "Tel Aviv", "Small business"],
        "bylines": [("priya-raman", AUTHOR)],
        "image_caption": "Shulman Books has sold books on the same corner since 1927.",
        "body": """
            <p>Shulman Books, which has sold books on the same corner of Allenby Street since
            1927, has been bought by two of its former booksellers, who say they will change
            almost nothing.</p>
            <p>Ruth Ziv, the founder's granddaughter, announced last year that she would retire,
            and regulars feared the building would be turned into offices. Instead she agreed
            a price with Amit Cohen and Lior Segal, who between them worked in the shop for
            twenty years.</p>
            <p>Ziv said she had turned down higher offers. “I could have sold it for more to
            someone who wanted the building. I wanted to sell it to someone who wanted the
            shop.”</p>
            <p>The new owners plan a small café at the back and readings in Hebrew, Arabic and
            English. The shop will close for two weeks in the summer while the roof is
            repaired.</p>
        """,
        "quotes": [
            {
                "speaker": "ruth-ziv",
                "text": "I could have sold it for more to someone who wanted the building. I "
                "wanted to sell it to someone who wanted the shop.",
            },
        ],
    },
    {
        "slug": "eastern-mediterranean-record-sea-temperature",
        "headline": "Sea off Israel's coast sets a temperature record",
        "dek": "Research buoys measured 31.5°C at the surface, the warmest reading since "
        "records began.",
        "section": "climate",
        "status": Article.Status.PUBLISHED,
        "published_at": -timedelta(days=20, hours=2),
        "dateline": "haifa",
        "places": ["mediterranean-sea", "haifa"],
        "people": ["yonatan-ben-david"],
        "tags": ["Oceans", "Climate", "Fishing"],
        "bylines": [("tomas-ferreira", AUTHOR)],
        "image_caption": "The eastern Mediterranean is warming faster than most of the world's "
        "seas.",
        "body": """
            <p>Surface water off Israel's coast reached 31.5°C this month, the highest
            temperature since measurements began, according to a network of research
            buoys.</p>
            <p>The eastern Mediterranean is warming faster than most of the world's seas.
            Scientists say the heat favours species that arrived from the Red Sea through the
            Suez Canal, which are crowding out native fish and shellfish.</p>
            <p>Dr. Yonatan Ben-David, the oceanographer who runs the buoy network, said the few
            reefs off the northern coast were under strain. “Thirty years ago a summer like
            this would have been an outlier. Now it is the kind of summer we should plan
            for.”</p>
            <p>Fishermen in Jaffa and Acre say catches of some local species have fallen
            sharply, while rabbitfish and other newcomers fill their nets. The readings are
            published daily on the <a href="https://example.org/sea-temperatures">buoy
            network's website</a>.</p>
        """,
        "quotes": [
            {
                "speaker": "yonatan-ben-david",
                "text": "Thirty years ago a summer like this would have been an outlier. Now it "
                "is the kind of summer we should plan for.",
            },
        ],
    },
    {
        "slug": "where-the-recycling-really-goes",
        "headline": "Where the recycling really goes",
        "dek": "We followed a week of plastic from kerbside bins in three cities to wherever "
        "it ended up.",
        "section": "climate",
        "status": Article.Status.DRAFT,
        "published_at": None,
        "places": ["tel-aviv", "haifa", "israel"],
        "tags": ["Recycling", "Investigation"],
        "bylines": [("noa-friedman", AUTHOR), ("daniel-mizrahi", CONTRIBUTOR)],
        "note": "First draft: the figures still need a second source.",
        "image_caption": "Bales of sorted plastic waiting to leave a sorting plant.",
        "body": """
            <p>Every week, households in Tel Aviv, Haifa and Beersheba put out their plastic
            for recycling. For one week we followed it.</p>
            <h2>The sorting plant</h2>
            <p>Most of the plastic collected in the centre of the country is sorted at a single
            plant, where <strong>about a third</strong> is rejected before it reaches a
            recycler. [Figures to confirm.]</p>
            <h2>Still to do</h2>
            <ul>
              <li>Confirm the export figures with the environment ministry</li>
              <li>Second source for the landfill numbers</li>
              <li>Photographs at the sorting plant</li>
            </ul>
        """,
    },
    {
        # In review with a planned slot that has passed: the schedule flags it as late.
        "slug": "negev-towns-ask-air-force-to-cut-night-flights",
        "headline": "Negev towns ask the air force to cut night flights",
        "dek": "Residents near Nevatim say training flights after midnight have doubled "
        "since the spring.",
        "section": "politics",
        "status": Article.Status.IN_REVIEW,
        "published_at": -timedelta(minutes=40),
        "note": "Planned for this morning. Waiting on the air force's reply to our "
        "questions before it runs.",
        "dateline": "negev",
        "places": ["nevatim-air-base", "negev", "israel"],
        "tags": ["Defence", "Negev"],
        "bylines": [("noa-friedman", AUTHOR)],
        "image_caption": "A transport aircraft on approach to Nevatim Air Base at dusk.",
        "body": """
            <p>Councils in four Negev towns have written to the air force asking it to
            move training flights out of the hours after midnight.</p>
            <p>Residents near Nevatim Air Base say the number of late flights has doubled
            since the spring. The councils want a quiet window from midnight to five.</p>
            <p>The air force said it would reply to the councils directly.</p>
        """,
    },
    {
        "slug": "weekend-guide-open-studios-jazz-museum-night",
        "headline": "Weekend guide: open studios, jazz on the lawn and a late night at the museum",
        "dek": "Our pick of what to see and do this weekend, most of it free.",
        "section": "culture",
        "status": Article.Status.PUBLISHED,
        "published_at": timedelta(days=3),
        "note": "Runs Thursday morning, ahead of the weekend.",
        "places": ["tel-aviv", "haifa"],
        "tags": ["What's on", "Art", "Music"],
        "bylines": [("priya-raman", AUTHOR)],
        "image_caption": "More than forty artists open their studios to visitors this weekend.",
        "body": """
            <p>Our pick of what to see and do this weekend.</p>
            <h2>Open studios in Jaffa</h2>
            <p>More than forty painters, potters and printmakers open their workshops in the
            old flea market streets. <strong>Free entry</strong>, Friday and Saturday from
            10:00 to 18:00.</p>
            <h2>Jazz on the lawn in Haifa</h2>
            <p>Three local trios play the lawns below the gardens on Saturday evening. Bring
            a blanket; <em>food stalls open at 17:00</em>.</p>
            <h2>A late night at the museum</h2>
            <p>A dozen galleries in central Tel Aviv stay open until midnight on Thursday,
            several with short talks every hour in front of a single work.</p>
        """,
    },
]


def record_first_revisions():
    """Give each demo story without revisions its first one, so its history starts here."""
    slugs = [story["slug"] for story in STORIES]
    for article in Article.objects.filter(slug__in=slugs, revisions__isnull=True):
        revisions.record(article=article, by=None, summary="Demo content")
