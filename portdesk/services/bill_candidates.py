"""The best place on the bill for a field the check could not find: the red outline in the viewer.

`check_bill` reports a missing field with no place (the CLI's contract). The viewer still wants to
point at the text the coordinator should compare by eye, so this picks, from the bill's words:
1. the run of words on one line most like the typed value (a different spelling), else
2. the words after the field's label on the bill ("Authorized Contact: Jane Doe" for a new name).
Plain Python over `Word`s: no PDF library, no Qt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from difflib import SequenceMatcher

from portdesk.domain.bill_labels import FIELD_LABELS
from portdesk.domain.documents import BillCheck, FieldCheck
from portdesk.services.bills import Word

# Account details sit on the first pages; a 500-page bill's call detail is not worth reading for this.
CANDIDATE_PAGES = 5
MIN_LIKENESS = 0.6  # below this a run of words is a coincidence, not a misspelling

# Words a bill prints before each field's value: one table for the viewer and bill intake.
LABELS = FIELD_LABELS


def lines_of(words: Sequence[Word]) -> list[list[Word]]:
    """Words grouped into printed lines (reading order; a new line when the baseline moves)."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: w.order):
        if lines:
            last = lines[-1][-1]
            height = max(1.0, last.rect[3] - last.rect[1])
            if abs((word.rect[1] + word.rect[3]) / 2 - (last.rect[1] + last.rect[3]) / 2) < height / 2:
                lines[-1].append(word)
                continue
        lines.append([word])
    return lines


def _text(words: Sequence[Word]) -> str:
    return " ".join(w.text for w in words)


def _likeness(typed: str, found: str) -> float:
    return SequenceMatcher(None, typed.casefold(), found.casefold(), autojunk=False).ratio()


def similar_run(typed: str, pages: Sequence[Sequence[Word]]) -> tuple[int, list[Word], float] | None:
    """The run of words on one line most like `typed`: (page, words, likeness), or None."""
    size = max(1, len(typed.split()))
    best: tuple[int, list[Word], float] | None = None
    for page, words in enumerate(pages):
        for line in lines_of(words):
            for n in {max(1, size - 1), size, size + 1}:
                for start in range(0, max(1, len(line) - n + 1)):
                    run = line[start:start + n]
                    score = _likeness(typed, _text(run))
                    if score >= MIN_LIKENESS and (best is None or score > best[2]):
                        best = (page, run, score)
    return best


def after_label(field: str, pages: Sequence[Sequence[Word]]) -> tuple[int, list[Word]] | None:
    """The words printed after the field's label on the same line: (page, words), or None."""
    for label in LABELS.get(field, ()):
        for page, words in enumerate(pages):
            for line in lines_of(words):
                folded = [w.text.casefold().rstrip(":") for w in line]
                for start in range(len(folded) - len(label) + 1):
                    if tuple(folded[start:start + len(label)]) == label:
                        rest = line[start + len(label):]
                        # Skip the rest of a longer label ("Authorized Contact:"): the value follows a colon.
                        colon = next((i for i, w in enumerate(line[start:]) if w.text.endswith(":")), None)
                        if colon is not None:
                            rest = line[start + colon + 1:]
                        if rest:
                            return page, rest
    return None


def candidate(check: FieldCheck, pages: Sequence[Sequence[Word]]) -> FieldCheck:
    """A missing field with the place of its best candidate (status stays missing), else unchanged."""
    if check.status != "missing" or not check.value.strip():
        return check
    found = similar_run(check.value, pages)
    place = (found[0], found[1]) if found else after_label(check.field, pages)
    if place is None:
        return check
    page, words = place
    rect = (min(w.rect[0] for w in words), min(w.rect[1] for w in words),
            max(w.rect[2] for w in words), max(w.rect[3] for w in words))
    return replace(check, found=_text(words), page=page + 1, rects=(rect,))


def with_candidates(check: BillCheck, pages: Sequence[Sequence[Word]]) -> BillCheck:
    """The check with a candidate place for every missing field the bill offers one for."""
    fields = [candidate(f, pages) for f in check.fields]
    return replace(check, fields=fields)
