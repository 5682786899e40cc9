"""The demo's stories readers cannot see yet: a draft, one in review, one scheduled.

Part of STORIES in `generators/demo_stories.py`, which says how a story is read.
"""

from datetime import timedelta

from articles.models import Article, Byline

AUTHOR = Byline.Role.AUTHOR
CONTRIBUTOR = Byline.Role.CONTRIBUTOR

DESK = [
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
