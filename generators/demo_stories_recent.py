"""The demo's stories of the past week, newest first; every quote and event is invented.

Part of STORIES in `generators/demo_stories.py`, which says how a story is read.
"""

from datetime import timedelta

from articles.models import Article, Byline, Correction

AUTHOR = Byline.Role.AUTHOR
CONTRIBUTOR = Byline.Role.CONTRIBUTOR

RECENT = [
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
        # Wire copy: credited to the agency alone, with our own additional reporting.
        "source": "jewish-news-syndicate",
        "bylines": [("lena-hartmann", CONTRIBUTOR)],
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
]
