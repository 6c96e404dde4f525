"""A street line as plain as "1200 Market Street": its house number and street, told without the CRF.

Where a provider takes the address in parts, the checks ask whether the street line gives a house number
and a street name (rules_account.check_address_parts); the answer is `usaddress`'s model's
(address_parts.py). Loading that model (pycrfsuite's library, its training helpers, the model file) is
~8 ms of a cold `portdesk lint`, for the line most orders have: digits, one word, a street type.

For those lines the model's answer is known in advance, exactly: the model sees a token only through
a few features (its lower-cased word if the model knows it, its length, whether it has a vowel after
the first letter, its digits and trailing zeros), so every line "<1-6 digits> <1-20 letters> <type>"
is one of finitely many inputs. All of them were run through the installed model
(tests/domain/street_line_check.py: every house-number shape, every word the model knows or lists
as a street type or direction, every other word shape, each type below): it gives a house number and
a street name for each, except for the words in `_MODEL_SAYS_OTHERWISE`, which go to the model. The
answer holds for that model file only: another one (an upgrade of usaddress) goes to the model until
the check is run again (the test pinning the file fails first).
"""

from __future__ import annotations

import re
from functools import cache

# "<house number> <word> <street type>", one space apart, nothing else (no unit, no direction, no comma)
_PLAIN = re.compile(r"([0-9]{1,6}) ([A-Za-z]{1,20}) ([A-Za-z]{1,9})")

# The street types the check covered (lower case), each in the spelling a bill or a coordinator writes.
STREET_TYPES = frozenset(["street", "st", "avenue", "ave", "av", "road", "rd", "drive", "dr", "boulevard", "blvd", "lane", "ln", "way", "court", "ct", "pl", "parkway", "pkwy", "circle", "cir", "terrace", "ter", "hwy", "trl"])

# Words (lower case) for which the model, with some house number and one of the types above, does not
# give both a house number and a street name: directions, and a few it takes for a building or a place.
_MODEL_SAYS_OTHERWISE = frozenset(["allen", "and", "boulevard", "breakers", "building", "ca", "cathedral", "center", "ctr", "e", "east", "evanston", "g", "highway", "mizzou", "n", "ne", "north", "northeast", "northwest", "nw", "overlook", "plaza", "s", "se", "side", "south", "southeast", "southwest", "sw", "tower", "w", "west"])

# The model file the check was run against: usaddress 0.5.16's usaddr.crfsuite (size, CRC-32).
CHECKED_MODEL = (133_768, 3_427_854_880)


def plain_number_and_street(line: str) -> tuple[str, str] | None:
    """(house number, street word) when the model is known to read `line` as having both; None when the
    model must be asked (any other line, or a model other than the one checked)."""
    found = _PLAIN.fullmatch(line)
    if found is None:
        return None
    number, word, street_type = found.groups()
    if street_type.lower() not in STREET_TYPES or word.lower() in _MODEL_SAYS_OTHERWISE:
        return None
    if installed_model() != CHECKED_MODEL:
        return None
    return number, word


@cache
def installed_model() -> tuple[int, int] | None:
    """(size, CRC-32) of the installed usaddress model file, found without importing usaddress."""
    import importlib.machinery
    import os
    import zlib

    spec = importlib.machinery.PathFinder.find_spec("usaddress")
    if spec is None or not spec.submodule_search_locations:
        return None
    try:
        with open(os.path.join(next(iter(spec.submodule_search_locations)), "usaddr.crfsuite"), "rb") as model:
            data = model.read(CHECKED_MODEL[0] + 1)
    except OSError:
        return None
    return len(data), zlib.crc32(data)
