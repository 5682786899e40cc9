"""The demo's stories of two and three weeks ago, newest first; all of them invented.

Part of STORIES in `generators/demo_stories.py`, which says how a story is read.
"""

from datetime import timedelta

from articles.models import Article, Byline, Correction

AUTHOR = Byline.Role.AUTHOR
CONTRIBUTOR = Byline.Role.CONTRIBUTOR

EARLIER = [
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
]
