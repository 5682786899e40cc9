"""Headlines, standfirsts, bodies and quotes for the generated stories, from word lists.

One `SectionWriter` per section makes a pool of sentences and quotes once, from the
generator's seeded `random.Random`; each story then draws from its section's pools, so
writing 100,000 bodies costs a few samples per paragraph rather than a choice per word.
Everything here is plain text without "<", ">" or "&", so the HTML built from it needs no
escaping and a quote's words appear in the body exactly as in the Quote row.
"""

from generators import bulk_words as words

SENTENCES_PER_SECTION = 320
QUOTES_PER_SECTION = 160
SUBHEADINGS = ["What happens next", "The background", "Who pays", "What the critics say"]

SENTENCE_FORMS = [
    "{S} {v} {t} {m}.",
    "{S} said on {d} that {t} would be {part} {m}.",
    "The decision follows {n} months of talks over {t}.",
    "Officials put the cost of {t} at about {money} million, {cost}.",
    "{S} {has} long argued that {t} {t_needs} a fresh look.",
    "Critics say the plan does little for {g}, who {c}.",
    "About {p} percent of {g} said in a recent survey that they {op} {t}.",
    "A spokesperson for the {org} declined to comment on {t}.",
    "The first phase is due to start in {mon}, with the rest to follow by {y}.",
    "It was not clear how {t} would affect {g}.",
    "{S} {v} {t} {m}, according to documents seen by this newspaper.",
    "Similar measures were tried in {y}, when {outcome}.",
    "The figures, published on {d}, show {trend} since {y}.",
    "Nobody expects the argument over {t} to be settled quickly.",
    "Asked about {t}, {s} said only that talks were continuing.",
    "{G} in several towns {op} {t}, local officials said.",
]
QUOTE_FORMS = [
    "We will not {b} {t} {m}, and we will say so to anyone who asks.",
    "{T} {t_is} not a luxury. It is what {g} have been asking for since {y}.",
    "If we get {t} wrong, it is {g} who will pay for it.",
    "We have waited long enough. {T} {t_has} to be {part} before the winter.",
    "There is no plan B for {t}. We either do this properly or not at all.",
    "I have spent years on {t}, and I have never seen {s} so divided.",
    "This is a good day for {g}, and a bad day for anyone who wanted {t} to fail.",
    "Nobody wants {t}, but we have run out of other options.",
]
HEADLINE_FORMS = [
    "{S} {v} {t} {m}",
    "{S} {v} {t} {m}",
    "{S} to {b} {t}",
    "{T} {part} {m}",
    "Why {t} {matters}",
    "{T}: what {g} need to know",
    "Inside the fight over {t}",
]
MATTERS = ["{t_matters} more than ever", "{t_divides} {g}", "{t_is} harder than it looks"]
COSTS = [
    "twice the first estimate",
    "well above last year's figure",
    "less than critics had feared",
    "roughly what was budgeted",
]
LEADS = [
    "{S} in {city} said on {d} that {t} would be {part} {m}.",
    "In {city}, {s} {v} {t} {m}.",
    "The argument over {t} reached {city} this week, where {s} {v} it {m}.",
]
PERSON_LINES = [
    "{name}, {role}, said {t} would be {part} {m}.",
    "{name}, {role}, has been closely involved in the talks over {t}.",
    "{name}, {role}, did not respond to questions about {t}.",
]


def third_person(verb):
    """ "push for" -> "pushes for", "study" -> "studies"."""
    head, _, rest = verb.partition(" ")
    if head.endswith(("s", "sh", "ch", "x")):
        head += "es"
    elif head.endswith("y") and head[-2] not in "aeiou":
        head = head[:-1] + "ies"
    else:
        head += "s"
    return f"{head} {rest}".strip()


def capital(text):
    return text[:1].upper() + text[1:]


def lower_first(text):
    # "The coalition" -> "the coalition"; "UN" and the like keep their capitals.
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def topic_tag(topic):
    """The tag a section topic goes by: "a new bike lane" -> "New bike lane"."""
    for article in ("a ", "an ", "the "):
        if topic.startswith(article):
            topic = topic[len(article) :]
    return capital(topic)


class SectionWriter:
    """Writes the stories of one section: its subjects act on its topics."""

    def __init__(self, rng, *, subjects, topics):
        self.rng = rng
        self.subjects = subjects
        self.topics = topics
        self.sentences = [
            self.fill(rng.choice(SENTENCE_FORMS)) for _ in range(SENTENCES_PER_SECTION)
        ]
        self.sentence_words = [len(sentence.split()) for sentence in self.sentences]
        self.quotes = sorted(
            {self.quote_text() for _ in range(QUOTES_PER_SECTION)}, key=lambda q: (len(q), q)
        )

    def fill(self, form, topic=None, **extra):
        """`form` with its slots filled: a subject and its verb agree, years are plausible."""
        rng = self.rng
        subject = rng.choice(self.subjects)
        plural = subject.endswith("s")
        verb = rng.choice(words.VERBS)
        topic = topic or rng.choice(self.topics)
        group = rng.choice(words.GROUPS)
        many = topic.endswith("s") and not topic.endswith("ss")
        agree = {
            "t_is": "are" if many else "is",
            "t_has": "have" if many else "has",
            "t_needs": "need" if many else "needs",
            "t_matters": "matter" if many else "matters",
            "t_divides": "divide" if many else "divides",
        }
        slots = {
            "S": subject,
            "s": lower_first(subject),
            "v": verb if plural else third_person(verb),
            "b": verb,
            "has": "have" if plural else "has",
            "t": topic,
            "T": capital(topic),
            "m": rng.choice(words.MODIFIERS),
            "part": rng.choice(words.PARTICIPLES),
            "g": group,
            "G": capital(group),
            "c": rng.choice(words.COMPLAINTS),
            "d": rng.choice(words.WEEKDAYS),
            "n": rng.randint(2, 40),
            "p": rng.randint(10, 90),
            "money": rng.randint(2, 900),
            "cost": rng.choice(COSTS),
            "org": rng.choice(words.ORGANISATIONS),
            "op": rng.choice(words.OPINIONS),
            "mon": rng.choice(words.MONTHS),
            "y": rng.randint(2008, 2030),
            "trend": rng.choice(words.TRENDS),
            "outcome": rng.choice(words.OUTCOMES),
            "matters": rng.choice(MATTERS).format(g=group, **agree),
            **agree,
            **extra,
        }
        return form.format(**slots)

    def quote_text(self):
        first = self.fill(self.rng.choice(QUOTE_FORMS))
        if self.rng.random() < 0.4:
            return f"{first} {self.fill(self.rng.choice(QUOTE_FORMS))}"
        return first

    def headline(self, topic):
        return capital(self.fill(self.rng.choice(HEADLINE_FORMS), topic=topic))

    def dek(self, topic):
        first = self.fill(SENTENCE_FORMS[1], topic=topic)
        if self.rng.random() < 0.5:
            return f"{first} {self.rng.choice(self.sentences)}"
        return first

    def body(self, *, topic, target_words, city, people, quotes):
        """Paragraphs of HTML, about `target_words` long.

        `people` are (name, role) pairs, each named once; `quotes` are (name, text,
        context) triples, each in a paragraph of its own with its words as they are.
        """
        rng = self.rng
        lead = self.fill(rng.choice(LEADS), topic=topic, city=city) if city else ""
        opening = " ".join(filter(None, [lead, *rng.sample(self.sentences, 2)]))
        paragraphs = [opening]
        for name, role in people:
            line = self.fill(rng.choice(PERSON_LINES), topic=topic, name=name, role=role)
            paragraphs.append(f"{line} {rng.choice(self.sentences)}")
        count = sum(len(paragraph.split()) for paragraph in paragraphs)
        pending = [self.quote_paragraph(*quote) for quote in quotes]
        picks = range(len(self.sentences))
        while count < target_words or pending:
            if pending:
                paragraphs.append(pending.pop(0))
                count += len(paragraphs[-1].split())
            if count >= target_words:
                continue
            chosen = rng.sample(picks, rng.randint(2, 5))
            paragraphs.append(" ".join(self.sentences[i] for i in chosen))
            count += sum(self.sentence_words[i] for i in chosen)
        html = [f"<p>{paragraph}</p>" for paragraph in paragraphs]
        if target_words > 650 and len(html) > 4:
            html.insert(len(html) // 2, f"<h2>{rng.choice(SUBHEADINGS)}</h2>")
        return "".join(html)

    def quote_paragraph(self, name, text, context):
        said = f"{name} said {context}" if context else f"{name} said"
        return f"“{text}” {said}."
