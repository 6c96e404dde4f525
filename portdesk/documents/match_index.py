"""Where a value sits on the bill: exact, canonical and typo-tolerant searches over the bill's blocks.

Words are read once per page; every field is then searched in this index, never by re-reading pages.
The exact search runs over one string of all blocks (separated by newlines, so no match spans two
blocks); the canonical forms are built only when a field is not found exactly.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from portdesk.documents.bill_layout import PageText, Rect, TextRun
from portdesk.documents.match_text import (
    STATES,
    VARIABLE_FORMS,
    WORD_RUN,
    Token,
    alnum_runs,
    canon_word,
    collapse_spaces,
    edit_distance,
    tokens,
    typo_allowance,
)

MAX_TYPOS = 2
_TRAILING = ".)]'\"’"  # punctuation that belongs to the last word (Inc., St.)
_JOINERS = "-./"  # an identifier continues across these (8812-5520-01)


@dataclass(frozen=True)
class Hit:
    """A place on the bill: the block and the character span of the text found."""

    page: int
    block: TextRun
    start: int
    end: int
    typos: int = 0

    @property
    def text(self) -> str:
        return self.block.text[self.start: self.end]

    def rects(self) -> tuple[Rect, ...]:
        return tuple(self.block.rects(self.start, self.end))


@dataclass
class _Canon:
    toks: list[Token]
    compact: str
    starts: dict[int, int]  # compact offset → token index starting there
    ends: dict[int, int]  # compact offset → token index ending there


def _canon(toks: list[Token]) -> _Canon:
    starts: dict[int, int] = {}
    ends: dict[int, int] = {}
    parts: list[str] = []
    pos = 0
    for i, tok in enumerate(toks):
        starts[pos] = i
        parts.append(tok.canon)
        pos += len(tok.canon)
        ends[pos] = i
    return _Canon(toks, "".join(parts), starts, ends)


def _is_word_char(ch: str) -> bool:
    return ch.isalnum()


class BillIndex:
    def __init__(self, pages: list[PageText]) -> None:
        self.blocks: list[tuple[int, TextRun]] = [(p.number, b) for p in pages for b in p.blocks]
        offsets: list[int] = []
        parts: list[str] = []
        pos = 0
        for _, block in self.blocks:
            offsets.append(pos)
            parts.append(block.text)
            pos += len(block.text) + 1
        self._offsets = offsets
        self._all = "\n".join(parts)
        lower = self._all.lower()
        self._lower = lower if len(lower) == len(self._all) else None  # spans must line up
        self._canon_cache: dict[tuple[int, str], _Canon] = {}
        self._vocabulary: dict[str, str] | None = None  # lower-case word → canonical form

    # -- candidate blocks: cheap C-level scans of the lower-cased text before any tokenising ---------
    def _block_of(self, pos: int) -> int:
        return bisect.bisect_right(self._offsets, pos) - 1

    def _blocks_with_substring(self, needle: str) -> set[int]:
        assert self._lower is not None
        found: set[int] = set()
        pos = self._lower.find(needle)
        while pos >= 0:
            i = self._block_of(pos)
            found.add(i)
            # jump to the next block: one hit per block is enough
            pos = self._lower.find(needle, self._offsets[i + 1] if i + 1 < len(self._offsets) else len(self._lower))
        return found

    def _blocks_with_words(self, words: Iterable[str]) -> set[int]:
        assert self._lower is not None
        alternatives = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
        if not alternatives:
            return set()
        pattern = re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])")
        return {self._block_of(m.start()) for m in pattern.finditer(self._lower)}

    def _all_blocks(self) -> range:
        return range(len(self.blocks))

    def _vocab(self) -> dict[str, str]:
        if self._vocabulary is None:
            text = self._lower if self._lower is not None else self._all.lower()
            self._vocabulary = {w: canon_word(w) for w in set(WORD_RUN.findall(text))}
        return self._vocabulary

    # -- exact ------------------------------------------------------------------------------
    def find_exact(self, value: str, accept: Callable[[Hit], bool] | None = None) -> Hit | None:
        """The first place the value appears character for character, as whole words."""
        if not value:
            return None
        pos = self._all.find(value)
        while pos >= 0:
            end = pos + len(value)
            before = self._all[pos - 1] if pos > 0 else " "
            after = self._all[end] if end < len(self._all) else " "
            if not (_is_word_char(value[0]) and _is_word_char(before)) and not (
                _is_word_char(value[-1]) and _is_word_char(after)
            ):
                i = bisect.bisect_right(self._offsets, pos) - 1
                page, block = self.blocks[i]
                hit = Hit(page, block, pos - self._offsets[i], end - self._offsets[i])
                if accept is None or accept(hit):
                    return hit
            pos = self._all.find(value, pos + 1)
        return None

    # -- canonical ----------------------------------------------------------------------------
    def _block_canon(self, i: int, mode: str) -> _Canon:
        key = (i, mode)
        cached = self._canon_cache.get(key)
        if cached is None:
            text = self.blocks[i][1].text
            if mode == "text":
                toks = tokens(text)
            else:  # identifiers: letters and digits only, case folded
                toks = [Token(r.upper(), s, e) for r, s, e in alnum_runs(text)]
            cached = self._canon_cache[key] = _canon(toks)
        return cached

    def _hit(self, i: int, canon: _Canon, first: int, last: int, typos: int = 0) -> Hit:
        page, block = self.blocks[i]
        start, end = canon.toks[first].start, canon.toks[last].end
        while end < len(block.text) and block.text[end] in _TRAILING:
            end += 1
        return Hit(page, block, start, end, typos)

    def find_canonical(self, value_toks: list[Token], mode: str) -> Iterator[Hit]:
        """Places whose canonical tokens, glued together, equal the value's (spacing may differ)."""
        target = "".join(t.canon for t in value_toks)
        if not target:
            return
        candidates: Iterable[int] = self._all_blocks()
        if self._lower is not None:
            if mode == "text":
                # Words that have one spelling only must be printed as they are (case aside).
                for tok in value_toks:
                    if tok.canon not in VARIABLE_FORMS and not tok.phrase:
                        candidates = self._blocks_with_substring(tok.canon) & set(candidates)
            elif len(target) >= 4:
                candidates = self._blocks_with_substring(target[:2].lower())
        for i in sorted(candidates):
            canon = self._block_canon(i, mode)
            pos = canon.compact.find(target)
            while pos >= 0:
                first = canon.starts.get(pos)
                last = canon.ends.get(pos + len(target))
                if first is not None and last is not None:
                    yield self._hit(i, canon, first, last)
                pos = canon.compact.find(target, pos + 1)

    def find_typos(self, value_toks: list[Token]) -> Iterator[Hit]:
        """Places whose words match the value's word for word with at most two mistyped letters."""
        want = [t.canon for t in value_toks]
        n = len(want)
        # A word of three letters or fewer, or with digits, must match as it is.
        if not n or not any(w.isalpha() and len(w) >= 3 for w in want):
            return
        # Per word of the value, the bill's words close enough (and their distance), from the
        # bill's vocabulary: each distinct word is compared once, not once per place it is printed.
        vocab = self._vocab()
        close: list[dict[str, int]] = []
        for a in want:
            near_a = {a: 0}
            if a.isalpha():
                for b in set(vocab.values()):
                    if b in near_a or not b.isalpha() or abs(len(a) - len(b)) > MAX_TYPOS:
                        continue
                    allow = typo_allowance(a if len(a) >= len(b) else b)
                    if allow:
                        d = edit_distance(a, b, allow)
                        if d <= allow:
                            near_a[b] = d
            close.append(near_a)
        rarest = min(range(n), key=lambda k: len(close[k]))
        spellings = [w for w, c in vocab.items() if c in close[rarest]]
        candidates: Iterable[int] = (
            self._blocks_with_words(spellings) if self._lower is not None else self._all_blocks()
        )
        for i in sorted(candidates):
            canon = self._block_canon(i, "text")
            have = [t.canon for t in canon.toks]
            for start in range(len(have) - n + 1):
                total = 0
                for k in range(n):
                    step = close[k].get(have[start + k])
                    if step is None:
                        break
                    total += step
                    if total > MAX_TYPOS:
                        break
                else:
                    if total:
                        yield self._hit(i, canon, start, start + n - 1, total)

    def find_state(self, code: str) -> Iterator[tuple[Hit, str]]:
        """Places printing the state `code` as its code (any case) or its full name."""
        names = [name for name, c in STATES.items() if c == code]
        candidates: Iterable[int] = (
            self._blocks_with_words([code, *names]) if self._lower is not None else self._all_blocks()
        )
        for i in sorted(candidates):
            canon = self._block_canon(i, "text")
            text = self.blocks[i][1].text
            for k, tok in enumerate(canon.toks):
                if tok.canon != code:
                    continue
                surface = tok.surface(text)
                lower = collapse_spaces(surface).lower()
                if lower == code or lower in STATES:
                    yield self._hit(i, canon, k, k), surface

    def continues_identifier(self, hit: Hit) -> bool:
        """The hit is part of a longer identifier (8812-5520 inside 8812-5520-01)."""
        text = hit.block.text
        end, start = hit.end, hit.start
        while end > start and text[end - 1] in _TRAILING:
            end -= 1  # a trailing '.' is punctuation, not a joiner
        after = text[end: end + 2]
        before = text[max(start - 2, 0): start]
        return (len(after) == 2 and after[0] in _JOINERS and after[1].isalnum()) or (
            len(before) == 2 and before[1] in _JOINERS and before[0].isalnum()
        )
