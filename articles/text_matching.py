"""One text normalisation for names and quotes, and the comparisons built on it.

Editors paste text from wire services, word processors and other sites: the same name
arrives with curly or straight apostrophes, non-breaking hyphens, soft hyphens, zero-width
joiners, in NFC or NFD. Everything that compares names or quotes goes through `clean()`
(the text as written, with those differences gone) or `fold()` (also without accents and
case: the key of the `folded_name` columns), so a check never fails on a difference a reader
cannot see. Pure functions: no model is imported here.
"""

import difflib
import re
import unicodedata
from collections import Counter

# Soft hyphen, zero-width space, joiners, word joiner, byte-order mark.
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
APOSTROPHES = "'\"‘’‚‛′″ʼʹ`´“”„‟«»‹›＇＂"
HYPHENS = "‐‑‒–—―−﹣－"
_CLEAN = str.maketrans(
    {
        **dict.fromkeys(INVISIBLE, None),
        **dict.fromkeys(APOSTROPHES, "'"),
        **dict.fromkeys(HYPHENS, "-"),
        "…": "...",
        "\xa0": " ",
        "\u202f": " ",
    }
)
# Letters NFKD does not take apart: folded by hand.
_LETTERS = str.maketrans(
    {"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ł": "l", "Ł": "L",
     "đ": "d", "Đ": "D", "ı": "i", "ß": "ss"}
)  # fmt: skip
_SPACED_HYPHEN = re.compile(r"\s*-\s*")

# French and Italian elisions before a name: d'Israël, l'Élysée, dell'Italia, all'ONU.
ELISION = re.compile(
    r"^(?:d|l|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|dell|dall|nell|sull|all|coll|un|quell)'(?=\w)",
    re.IGNORECASE,
)


def clean(text):
    """`text` as written, without the differences a reader cannot see: NFKC, no soft
    hyphens or zero-width characters, one apostrophe and one hyphen, single spaces."""
    text = unicodedata.normalize("NFKC", text or "").translate(_CLEAN)
    return " ".join(text.split())


def strip_accents(text):
    """`clean(text)` without diacritics, case kept: “José Núñez” → “Jose Nunez”."""
    decomposed = unicodedata.normalize("NFKD", clean(text).translate(_LETTERS))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", bare)


def fold(text):
    """The key names are looked up by: no accents, no case, one apostrophe and hyphen."""
    return strip_accents(text).casefold()


def without_elision(word):
    """`word` without a leading French or Italian elision: “d'Israël” → “Israël”."""
    return ELISION.sub("", word)


# Quotes -----------------------------------------------------------------------------------

_WORD = re.compile(r"\w+(?:['.]\w+)*")  # a hyphen or dash parts words: “now—or”
# An ellipsis, or words in square brackets (an editor's insertion): a gap in a quote.
_GAP = re.compile(r"\.\s*\.\s*\.|\[[^\]]*\]")
# A passage between quotation marks (after clean(), every mark is ').
_QUOTED = re.compile(r"(?:^|(?<=[\s(\-]))'(.+?)'(?=[\s,.;:!?)\-]|$)")


def quote_words(text):
    """The words of `text` as quotes are compared: cleaned, case folded, punctuation gone
    (an apostrophe inside a word stays: “won't”; a hyphen or dash parts words)."""
    return _WORD.findall(clean(text).casefold())


def quote_parts(quote):
    """The quote's runs of words between its gaps (an ellipsis, a bracketed insertion)."""
    parts = [quote_words(part) for part in _GAP.split(clean(quote))]
    return [part for part in parts if part]


def quoted_passages(text):
    """The passages of `text` between quotation marks, each paragraph's joined in order: a
    quote split by its attribution (“…,” she said. “…”) reads as one passage."""
    joined = []
    for paragraph in (text or "").split("\n"):
        passages = _QUOTED.findall(clean(paragraph))
        if passages:
            joined.append(" ".join(passages))
    return "\n".join(joined)


def _find(words, part, start):
    """Where `part` (a list of words) first appears in `words` at or after `start`."""
    first, size = part[0], len(part)
    for index in range(start, len(words) - size + 1):
        if words[index] == first and words[index : index + size] == part:
            return index
    return -1


def words_in_order(parts, words):
    """Whether each part appears in `words`, whole words, one after another."""
    position = 0
    for part in parts:
        found = _find(words, part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True


def quote_in_text(quote, text):
    """Whether a quote's words are in `text`: whole words, case and punctuation aside, its
    gaps (… or [insertions]) skipping any words, or as a passage split by attribution."""
    parts = quote_parts(quote)
    if not parts:
        return True
    if words_in_order(parts, quote_words(text)):
        return True
    return words_in_order(parts, quote_words(quoted_passages(text)))


def closest_passage(quote, text, *, least=0.6):
    """The passage of `text` nearest to `quote`, as [(word, tag)]: tag "same", "text" (in
    the text, not the quote) or "quote" (in the quote, not the text); with the differences
    as [(quote's words, text's words)]. None when nothing is near enough."""
    wanted = [word for part in quote_parts(quote) for word in part]
    written = _WORD.findall(clean(text))
    folded = [word.casefold() for word in written]
    if not wanted or not folded:
        return None
    size, best, best_ratio = len(wanted), None, least
    # Windows are tried where the quote's rarest words (in this text) put its start: a
    # passage near enough shares most of its words, so nearly always one of those three.
    counts = Counter(folded)
    rare = sorted((counts[word], word) for word in set(wanted) if counts[word])[:3]
    if not rare:
        return None
    anchors = {word for _, word in rare}
    starts = sorted(
        {
            max(0, position - offset)
            for position, word in enumerate(folded)
            if word in anchors
            for offset, wanted_word in enumerate(wanted)
            if wanted_word == word
        }
    )
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(wanted)
    for start in starts:
        window = folded[start : start + size + 2]
        matcher.set_seq1(window)
        if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = start, ratio
    if best is None:
        return None
    window = folded[best : best + size + 2]
    matcher.set_seq1(window)
    blocks = matcher.get_matching_blocks()
    # The passage ends with the last word the quote shares with it.
    end = max(block.a + block.size for block in blocks if block.size)
    matcher.set_seq1(window[:end])
    shown, differences = [], []
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        text_words = written[best + a1 : best + a2]
        if tag == "equal":
            shown += [(word, "same") for word in text_words]
            continue
        shown += [(word, "text") for word in text_words]
        shown += [(word, "quote") for word in wanted[b1:b2]]
        differences.append((" ".join(wanted[b1:b2]), " ".join(text_words)))
    return shown, differences
