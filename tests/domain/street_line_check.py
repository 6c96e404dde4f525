"""Run every plain street line through the installed usaddress model: the check behind domain/plain_street.py.

`python -m tests.domain.street_line_check` runs all of them (~40 s) and prints what the module must hold:
the model file's (size, CRC-32) and the words for which the model does not give both a house number and
a street name. The model sees a token only through its features (usaddress.tokenFeatures): for a line
"<digits> <word> <type>" those are the digits' count and trailing zeros, the word's lower-cased text if
the model knows it (or lists it as a street type or direction), else only its length and whether it has
a vowel after its first letter. So one representative per digit shape and per unknown-word shape, and
every known word, cover every such line.
"""

from __future__ import annotations

import os
import random
import re
import sys
import tempfile
import zlib
from collections.abc import Iterable, Iterator

import usaddress

HOUSE = {"AddressNumberPrefix", "AddressNumber", "AddressNumberSuffix"}
STREET = {"StreetNamePreModifier", "StreetNamePreType", "StreetName", "StreetNamePostModifier"}
MAX_DIGITS, MAX_LETTERS = 6, 20


def model_file() -> str:
    return os.path.join(os.path.dirname(usaddress.__file__), usaddress.MODEL_FILE)


def model_identity() -> tuple[int, int]:
    with open(model_file(), "rb") as model:
        data = model.read()
    return len(data), zlib.crc32(data)


def known_words() -> list[str]:
    """Every word the model has a feature for (in any position), and every street type and direction it lists."""
    fd, path = tempfile.mkstemp()
    os.close(fd)
    try:
        usaddress.TAGGER.dump(path)
        with open(path, encoding="utf-8", errors="replace") as dump:
            text = dump.read()
    finally:
        os.unlink(path)
    words = set(re.findall(r"^\s*\(\d+\) (?:(?:next|previous):)?word:(\S+) -->", text, re.MULTILINE))
    words |= usaddress.STREET_NAMES | usaddress.DIRECTIONS
    return sorted(w for w in words if w.isascii() and w.isalpha() and 1 <= len(w) <= MAX_LETTERS)


def word_shapes(known: Iterable[str]) -> list[str]:
    """One word per (length, vowel after the first letter) that the model does not know."""
    taken = set(known)
    out = []
    for length in range(1, MAX_LETTERS + 1):
        for vowel in (False, True) if length > 1 else (False,):
            rnd = random.Random(length * 2 + vowel)
            while True:
                word = "q" + "".join(rnd.choice("bcdfghjklmnpqrstvwxz") for _ in range(length - 1))
                if vowel:
                    word = word[:-1] + "a"
                if word not in taken:
                    out.append(word)
                    break
    return out


def house_numbers() -> list[str]:
    """One number per (digits, trailing zeros)."""
    return ["1" * (n - zeros) + "0" * zeros for n in range(1, MAX_DIGITS + 1) for zeros in range(n + 1)]


def complete(line: str) -> bool:
    """Does the model give a house number and a street name for `line` (as address_parts reads it)?"""
    labels = {label for _token, label in usaddress.parse(line)}
    return bool(labels & HOUSE) and bool(labels & STREET)


def failures(street_types: Iterable[str], words: Iterable[str]) -> Iterator[str]:
    numbers = house_numbers()
    for street_type in street_types:
        for word in words:
            for number in numbers:
                line = f"{number} {word} {street_type}"
                if not complete(line):
                    yield line


def main() -> int:
    from portdesk.domain import plain_street

    known = known_words()
    failed = list(failures(sorted(plain_street.STREET_TYPES), known + word_shapes(known)))
    words = sorted({line.split(" ")[1] for line in failed})
    print(f"CHECKED_MODEL = {model_identity()}")
    print(f"_MODEL_SAYS_OTHERWISE = {' '.join(words)}")
    shapes = [w for w in words if w not in known]
    if shapes:
        print(f"unknown-word shapes that fail (narrow the pattern): {shapes}")
    same = set(words) == plain_street._MODEL_SAYS_OTHERWISE and model_identity() == plain_street.CHECKED_MODEL
    print("the module holds this" if same and not shapes else "the module must be updated")
    return 0 if same and not shapes else 1


if __name__ == "__main__":
    sys.exit(main())
