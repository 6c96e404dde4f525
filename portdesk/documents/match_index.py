"""Where a value sits on the bill: exact, canonical and typo-tolerant searches over the bill's blocks.

Words are read once per page; every field is then searched in this index, never by re-reading pages.
Blocks are searched page by page in reading order, and a page's blocks are stacked only when the page
can hold the value: every search first asks the page's plain text (its lines) whether the words it
needs are there, with the same condition each block is then held to. So a field printed on page 1 of
a 30-page bill never costs the layout of pages 2 to 30. The canonical forms are built only when a
field is not found exactly, and only for the blocks that may hold it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
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
    lower_in_place,
    tokens,
    typo_allowance,
)

MAX_TYPOS = 2
_TRAILING = ".)]'\"’"  # punctuation that belongs to the last word (Inc., St.)
_JOINERS = "-./"  # an identifier continues across these (8812-5520-01)
# In ASCII text, WORD_RUN's runs are what is left between these.
_ASCII_SEPARATORS = {c: " " for c in range(128) if not chr(c).isalnum()}
_ASCII_DROP = dict.fromkeys(_ASCII_SEPARATORS)
_LABEL_WORD = re.compile(r"[a-z]+")


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


def _words_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    """Any of the words, as whole words (not inside a run of letters and digits)."""
    alternatives = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    if not alternatives:
        return None
    return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])")


class _PageBlocks:
    """One page's blocks, as one string separated by newlines (no match spans two blocks)."""

    __slots__ = ("all", "blocks", "lower", "offsets")

    def __init__(self, blocks: list[TextRun]) -> None:
        self.blocks = blocks
        offsets: list[int] = []
        pos = 0
        for block in blocks:
            offsets.append(pos)
            pos += len(block.text) + 1
        self.offsets = offsets
        self.all = "\n".join([block.text for block in blocks])
        self.lower = self.all.lower()

    def span(self, bi: int) -> tuple[int, int]:
        """Where block `bi` lies in `all` (and `lower`)."""
        start = self.offsets[bi]
        return start, start + len(self.blocks[bi].text)


def _add_close_words(near: dict[str, int], typed: str, typed_canon: str, letters: frozenset[str],
                     printed: Iterable[str]) -> None:
    """Add to `near` each printed word of the typed word's canonical form (distance 0) or a typo of it."""
    check_typos = typed.isalpha()
    for b in printed:
        if canon_word(b) == typed_canon:
            near[b] = 0
        elif check_typos and abs(len(typed) - len(b)) <= MAX_TYPOS and b.isalpha():
            allow = typo_allowance(typed if len(typed) >= len(b) else b)
            # Each letter one word has and the other lacks takes an edit of its own: a cheap
            # bound that rules out nearly every word before the distance is computed.
            if allow:
                b_letters = frozenset(b)
                if len(letters - b_letters) <= allow and len(b_letters - letters) <= allow:
                    d = edit_distance(typed, b, allow)
                    if d <= allow:
                        near[b] = d


class BillIndex:
    def __init__(self, pages: list[PageText]) -> None:
        self._pages = list(pages)
        # A page's lines hold the same words as its blocks, only separated otherwise (line breaks and
        # spaces, never inside a word): what cannot be found in the lines is in none of its blocks.
        self._texts = [page.text for page in self._pages]
        self._lowers = [text.lower() for text in self._texts]
        # The lower-case text must line up with the text for the substring filters (a few Unicode
        # letters grow when lowered); otherwise every block is searched.
        self._filter = all(len(low) == len(text) for low, text in zip(self._lowers, self._texts, strict=True))
        self._blocks: dict[int, _PageBlocks] = {}
        self._canon_cache: dict[tuple[int, int, str], _Canon] = {}
        self._page_vocab: dict[int, set[str]] = {}
        self._squeezed_pages: dict[int, str] = {}

    # -- pages and blocks, in reading order ---------------------------------------------------------
    def _page_blocks(self, pi: int) -> _PageBlocks:
        found = self._blocks.get(pi)
        if found is None:
            found = self._blocks[pi] = _PageBlocks(self._pages[pi].blocks)
        return found

    def _candidates(self, needles: list[str], pattern: re.Pattern[str] | None = None,
                    page_pattern: re.Pattern[str] | None = None,
                    words: Iterable[str] = ()) -> Iterator[tuple[int, int]]:
        """(page, block) in reading order whose lower-case text holds every needle and a match of
        `pattern` (when given). `page_pattern` is what a page must match for any block of it to match
        `pattern`, and one of `words` must be on it (the plain literals of the pattern: a quicker test)."""
        page_pattern = page_pattern or pattern
        words = list(words)
        for pi, lower in enumerate(self._lowers):
            if needles and not all(n in lower for n in needles):
                continue
            if words and not any(w in lower for w in words):
                continue
            if page_pattern is not None and page_pattern.search(lower) is None:
                continue
            pb = self._page_blocks(pi)
            for bi in range(len(pb.blocks)):
                start, end = pb.span(bi)
                if needles:
                    text = pb.lower[start:end]
                    if not all(n in text for n in needles):
                        continue
                if pattern is not None and pattern.search(pb.lower, start, end) is None:
                    continue
                yield pi, bi

    def _every_block(self) -> Iterator[tuple[int, int]]:
        for pi in range(len(self._pages)):
            for bi in range(len(self._page_blocks(pi).blocks)):
                yield pi, bi

    def _page_words(self, pi: int) -> set[str]:
        """The distinct words (runs of letters and digits, lower case) printed on page `pi`."""
        found = self._page_vocab.get(pi)
        if found is None:
            lower = self._lowers[pi]
            if lower.isascii():  # runs of letters and digits: everything else is a separator
                found = set(lower.translate(_ASCII_SEPARATORS).split())
            else:
                found = set(WORD_RUN.findall(lower))
            self._page_vocab[pi] = found
        return found

    # -- exact ------------------------------------------------------------------------------
    def find_exact(self, value: str, accept: Callable[[Hit], bool] | None = None) -> Hit | None:
        """The first place the value appears character for character, as whole words."""
        if not value:
            return None
        pieces = value.split()  # each lies inside one word of the bill
        for pi, text in enumerate(self._texts):
            if not all(piece in text for piece in pieces):
                continue
            pb = self._page_blocks(pi)
            whole = pb.all
            pos = whole.find(value)
            while pos >= 0:
                end = pos + len(value)
                before = whole[pos - 1] if pos > 0 else " "
                after = whole[end] if end < len(whole) else " "
                # The dot of an abbreviation belongs to its word: "St" ends inside "St." (but "80202"
                # ends a sentence's "80202.").
                if not (_is_word_char(value[0]) and _is_word_char(before)) and not (
                    _is_word_char(value[-1]) and (_is_word_char(after) or (after == "." and value[-1].isalpha()))
                ):
                    i = bisect_right(pb.offsets, pos) - 1
                    hit = Hit(self._pages[pi].number, pb.blocks[i], pos - pb.offsets[i], end - pb.offsets[i])
                    if accept is None or accept(hit):
                        return hit
                pos = whole.find(value, pos + 1)
        return None

    # -- canonical ----------------------------------------------------------------------------
    def _block_canon(self, pi: int, bi: int, mode: str) -> _Canon:
        key = (pi, bi, mode)
        cached = self._canon_cache.get(key)
        if cached is None:
            text = self._page_blocks(pi).blocks[bi].text
            if mode == "text":
                toks = tokens(text)
            elif mode == "raw":  # letters and digits as printed, lower case: no abbreviations
                toks = [Token(r, st, e) for r, st, e in alnum_runs(lower_in_place(text))]
            else:  # identifiers: letters and digits only, case folded
                toks = [Token(r.upper(), s, e) for r, s, e in alnum_runs(text)]
            cached = self._canon_cache[key] = _canon(toks)
        return cached

    def _hit(self, pi: int, bi: int, canon: _Canon, first: int, last: int, typos: int = 0) -> Hit:
        block = self._page_blocks(pi).blocks[bi]
        start, end = canon.toks[first].start, canon.toks[last].end
        while end < len(block.text) and block.text[end] in _TRAILING:
            end += 1
        return Hit(self._pages[pi].number, block, start, end, typos)

    def find_canonical(self, value_toks: list[Token], mode: str) -> Iterator[Hit]:
        """Places whose canonical tokens, glued together, equal the value's (spacing may differ)."""
        target = "".join(t.canon for t in value_toks)
        if not target:
            return
        needles: list[str] = []
        if self._filter:
            if mode == "text":
                # Words that have one spelling only must be printed as they are (case aside).
                needles = [tok.canon for tok in value_toks if tok.canon not in VARIABLE_FORMS and not tok.phrase]
            elif len(target) >= 4:
                needles = [target[:2].lower()]
        candidates = self._candidates(needles) if needles else self._every_block()
        for pi, bi in candidates:
            yield from self._hits_in_block(pi, bi, mode, target)

    def find_glued(self, value: str) -> Iterator[Hit]:
        """Places printing the value's letters and digits in the same order, split into words
        otherwise ("Suite400" typed, "Suite 400" printed; "Market Street" typed, "MarketStreet" printed).

        Pages are first asked whether their letters and digits, squeezed together, hold the value's.
        """
        runs = alnum_runs(value.lower())
        target = "".join(r for r, _, _ in runs)
        if not target:
            return
        for pi, lower in enumerate(self._lowers):
            if self._filter and target not in self._squeezed(pi, lower):
                continue
            for bi in range(len(self._page_blocks(pi).blocks)):
                yield from self._hits_in_block(pi, bi, "raw", target)

    def _hits_in_block(self, pi: int, bi: int, mode: str, target: str) -> Iterator[Hit]:
        """Every place in block `bi` of page `pi` whose squeezed text is `target`, from word edge to word edge."""
        canon = self._block_canon(pi, bi, mode)
        pos = canon.compact.find(target)
        while pos >= 0:
            first = canon.starts.get(pos)
            last = canon.ends.get(pos + len(target))
            if first is not None and last is not None:
                yield self._hit(pi, bi, canon, first, last)
            pos = canon.compact.find(target, pos + 1)

    def _squeezed(self, pi: int, lower: str) -> str:
        found = self._squeezed_pages.get(pi)
        if found is None:
            found = lower.translate(_ASCII_DROP) if lower.isascii() else "".join(WORD_RUN.findall(lower))
            self._squeezed_pages[pi] = found
        return found

    def find_typos(self, value_toks: list[Token], value: str) -> Iterator[Hit]:
        """Places whose words match the value's word for word with at most two mistyped letters.

        A typed word matches a printed word of the same canonical form (Street for St) at no cost, or a
        printed word it is a typo of, letter for letter as printed: "Compnay" is a typo of "Company"
        even though "Company" is read as "Co".

        Pages are taken in reading order and each printed word is judged once, on the first page that
        prints it: a caller that stops at the first good place never reads the rest of the bill.
        """
        n = len(value_toks)
        want = [t.canon for t in value_toks]
        typed = [value[t.start: t.end].lower() for t in value_toks]
        # A value with no word of three letters or more (digits never count) must match as it is.
        if not n or not any(w.isalpha() and len(w) >= 3 for w in typed):
            return
        typed_letters = [frozenset(a) for a in typed]
        plain = [k for k in range(n) if not value_toks[k].phrase] or list(range(n))
        # Per word of the value, the printed words close enough so far, and their distance.
        close: list[dict[str, int]] = [{} for _ in range(n)]
        judged: set[str] = set()
        for pi in range(len(self._pages)):
            words = self._page_words(pi)
            new = words - judged
            judged |= new
            for a, a_canon, letters, near_a in zip(typed, want, typed_letters, close, strict=True):
                _add_close_words(near_a, a, a_canon, letters, new)
            if not self._filter:
                blocks: Iterable[int] = range(len(self._page_blocks(pi).blocks))
            else:
                # Every place needs one of the printed words close to the value's rarest word.
                rarest = min(plain, key=lambda k: len(close[k]))
                spellings = [w for w in close[rarest] if w in words]
                if not spellings:
                    continue
                blocks = self._blocks_holding(pi, spellings)
            for bi in blocks:
                yield from self._typo_hits(pi, bi, want, close)

    def _blocks_holding(self, pi: int, words: list[str]) -> Iterator[int]:
        """Blocks of page `pi` whose lower-case text holds one of `words` (perhaps inside a longer word)."""
        pb = self._page_blocks(pi)
        for bi in range(len(pb.blocks)):
            start, end = pb.span(bi)
            text = pb.lower[start:end]
            if any(w in text for w in words):
                yield bi

    def _typo_hits(self, pi: int, bi: int, want: list[str], close: list[dict[str, int]]) -> Iterator[Hit]:
        n = len(want)
        canon = self._block_canon(pi, bi, "text")
        text = lower_in_place(self._page_blocks(pi).blocks[bi].text)
        toks = canon.toks
        for start in range(len(toks) - n + 1):
            total = 0
            for k in range(n):
                tok = toks[start + k]
                step = 0 if tok.canon == want[k] else close[k].get(text[tok.start: tok.end])
                if step is None:
                    break
                total += step
                if total > MAX_TYPOS:
                    break
            else:
                if total:
                    yield self._hit(pi, bi, canon, start, start + n - 1, total)

    def find_state(self, code: str) -> Iterator[tuple[Hit, str]]:
        """Places printing the state `code` as its code (any case) or its full name."""
        names = [name for name, c in STATES.items() if c == code]
        if self._filter:
            pattern = _words_pattern([code, *names])
            # A name of two words may run over two lines of a block: a page needs its first word.
            firsts = [code, *(name.split(" ")[0] for name in names)]
            candidates = self._candidates([], pattern, _words_pattern(firsts), firsts) if pattern else iter(())
        else:
            candidates = self._every_block()
        for pi, bi in candidates:
            canon = self._block_canon(pi, bi, "text")
            text = self._page_blocks(pi).blocks[bi].text
            for k, tok in enumerate(canon.toks):
                if tok.canon != code:
                    continue
                surface = tok.surface(text)
                lower = collapse_spaces(surface).lower()
                if lower == code or lower in STATES:
                    yield self._hit(pi, bi, canon, k, k), surface

    def follows_label(self, hit: Hit, labels: Iterable[Sequence[str]], within: int = 6) -> bool:
        """Whether one of `labels` (lower-case word sequences) is printed just before the hit: earlier in
        its own block, or in one of the `within` blocks before it on its page (a heading above a block)."""
        pi = next((i for i, page in enumerate(self._pages) if page.number == hit.page), None)
        if pi is None:
            return False
        blocks = self._page_blocks(pi).blocks
        at = next((i for i, block in enumerate(blocks) if block is hit.block), None)
        if at is None:
            return False
        texts = [hit.block.text[: hit.start], *(b.text for b in blocks[max(0, at - within): at])]
        wanted = [tuple(label) for label in labels]
        for text in texts:
            words = _LABEL_WORD.findall(text.lower())
            for label in wanted:
                n = len(label)
                if any(tuple(words[i: i + n]) == label for i in range(len(words) - n + 1)):
                    return True
        return False

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
