"""Text normalisation for the bill check: words, their canonical forms, and how far apart two words are.

A canonical token is a run of letters and digits, lower-cased, with postal abbreviations and state
names mapped to one short form (Street and St → "st", Colorado and CO → "co"), so that two texts that
differ only in case, punctuation, spacing or abbreviation have the same canonical tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORD_RUN = re.compile(r"[^\W_]+")  # a run of letters and digits
_SPACES = re.compile(r"\s+")

# Postal (USPS Publication 28) and business-name abbreviations: long form → short form.
ABBREVIATIONS = {
    "street": "st", "str": "st", "avenue": "ave", "av": "ave", "suite": "ste", "road": "rd",
    "boulevard": "blvd", "drive": "dr", "lane": "ln", "court": "ct", "place": "pl", "parkway": "pkwy",
    "pky": "pkwy", "highway": "hwy", "floor": "fl", "flr": "fl", "apartment": "apt", "building": "bldg",
    "bld": "bldg", "room": "rm", "north": "n", "south": "s", "east": "e", "west": "w", "northeast": "ne",
    "northwest": "nw", "southeast": "se", "southwest": "sw", "circle": "cir", "terrace": "ter",
    "square": "sq", "trail": "trl", "center": "ctr", "centre": "ctr", "plaza": "plz", "expressway": "expy",
    "freeway": "fwy", "turnpike": "tpke", "mount": "mt", "mountain": "mtn", "fort": "ft", "heights": "hts",
    "junction": "jct", "point": "pt", "ridge": "rdg", "valley": "vly", "village": "vlg", "department": "dept",
    "saint": "st", "crossing": "xing", "station": "sta", "route": "rte", "company": "co",
    "incorporated": "inc", "corporation": "corp", "limited": "ltd", "associates": "assoc", "brothers": "bros",
}

STATES = {
    "alabama": "al", "alaska": "ak", "arizona": "az", "arkansas": "ar", "california": "ca", "colorado": "co",
    "connecticut": "ct", "delaware": "de", "district of columbia": "dc", "florida": "fl", "georgia": "ga",
    "hawaii": "hi", "idaho": "id", "illinois": "il", "indiana": "in", "iowa": "ia", "kansas": "ks",
    "kentucky": "ky", "louisiana": "la", "maine": "me", "maryland": "md", "massachusetts": "ma",
    "michigan": "mi", "minnesota": "mn", "mississippi": "ms", "missouri": "mo", "montana": "mt",
    "nebraska": "ne", "nevada": "nv", "new hampshire": "nh", "new jersey": "nj", "new mexico": "nm",
    "new york": "ny", "north carolina": "nc", "north dakota": "nd", "ohio": "oh", "oklahoma": "ok",
    "oregon": "or", "pennsylvania": "pa", "rhode island": "ri", "south carolina": "sc", "south dakota": "sd",
    "tennessee": "tn", "texas": "tx", "utah": "ut", "vermont": "vt", "virginia": "va", "washington": "wa",
    "west virginia": "wv", "wisconsin": "wi", "wyoming": "wy", "puerto rico": "pr", "guam": "gu",
    "virgin islands": "vi", "american samoa": "as",
}
_STATE_PHRASES = {tuple(name.split()): code for name, code in STATES.items() if " " in name}
_STATE_WORDS = {name: code for name, code in STATES.items() if " " not in name}
_PHRASE_FIRST = {words[0] for words in _STATE_PHRASES}
# Canonical forms that the bill may print in another spelling (Street for st, Colorado for co).
VARIABLE_FORMS = set(ABBREVIATIONS.values()) | set(STATES.values())


def collapse_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def lower_in_place(text: str) -> str:
    """The text in lower case, each character where it was (a few Unicode letters grow when lowered)."""
    lower = text.lower()
    if len(lower) != len(text):
        lower = "".join(ch.lower()[:1] for ch in text)
    return lower


@dataclass(frozen=True)
class Token:
    canon: str  # canonical form
    start: int  # span in the text it came from
    end: int
    phrase: bool = False  # a multi-word state name

    def surface(self, text: str) -> str:
        return text[self.start: self.end]


def canon_word(word: str, states: bool = True) -> str:
    """The canonical form of one lower-case word."""
    return ABBREVIATIONS.get(word) or (_STATE_WORDS.get(word) if states else None) or word


def tokens(text: str, *, states: bool = True) -> list[Token]:
    """Canonical tokens of the text with their spans."""
    lower = lower_in_place(text)
    runs = [(m.group(), m.start(), m.end()) for m in WORD_RUN.finditer(lower)]
    out: list[Token] = []
    i, count = 0, len(runs)
    while i < count:
        word, start, end = runs[i]
        if states and word in _PHRASE_FIRST:
            size = _phrase_at(runs, i)
            if size:
                key = tuple(r[0] for r in runs[i: i + size])
                out.append(Token(_STATE_PHRASES[key], start, runs[i + size - 1][2], True))
                i += size
                continue
        out.append(Token(canon_word(word, states), start, end))
        i += 1
    return out


def _phrase_at(runs: list[tuple[str, int, int]], i: int) -> int:
    for size in (3, 2):
        key = tuple(r[0] for r in runs[i: i + size])
        if len(key) == size and key in _STATE_PHRASES:
            return size
    return 0


def alnum_runs(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in WORD_RUN.finditer(text)]


def typo_allowance(word: str) -> int:
    """How many mistyped letters a word of text may carry and still be recognised (never digits).

    cli.md: one or two mistyped letters in a word of text; a three-letter word ("Iec" for "Inc") may
    carry one, a word of two letters none (CA for CO is another state, not a typo).
    """
    if not word.isalpha():
        return 0
    if len(word) >= 6:
        return 2
    return 1 if len(word) >= 3 else 0


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (a swap of neighbours counts 1); `limit + 1` once past limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    if a == b:
        return 0
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]
