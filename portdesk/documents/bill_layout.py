"""Words with boxes in reading order, rebuilt from geometry.

Content-stream order cannot be trusted: bills are drawn bottom-up, letter by letter, in reverse, or
with the first word in another font. So the words MuPDF reports are regrouped by position only:
lines by vertical overlap, words by the gaps between fragments, line pieces (segments) split at wide
gaps (columns, "label      value"), and blocks from segments stacked closely on top of each other.

Only lines are built when a page is read: they are what the numbers and dates are read from. MuPDF's
word tuples are kept as they come (no object per word) until a line's words, its segments or the
page's blocks are asked for; a bill check builds blocks only for the pages a field may be on.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Callable, Sequence
from functools import partial
from itertools import accumulate, pairwise
from operator import add, itemgetter, sub
from typing import Any, NamedTuple

Rect = tuple[float, float, float, float]
# A word as MuPDF reports it, (x0, y0, x1, y1, text, block, line, word), or a `Word`.
RawWord = Sequence[Any]

# Fragments closer than this (× height) are one word: glyphs drawn one by one touch each other,
# while a space is about a quarter of the height.
_JOIN_GAP = 0.1
# A gap wider than this (× height) splits a line into segments (columns, label and value).
_SEGMENT_GAP = 1.5
# Stacked segments closer than this (× height) belong to one block.
_BLOCK_GAP = 0.7

_X0, _Y0, _X1, _Y1, _TEXT = (itemgetter(i) for i in range(5))


class Word(NamedTuple):
    """One word and its box (PDF points, top-left origin), in MuPDF's own tuple order."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def height(self) -> float:
        return max(self.y1 - self.y0, 0.1)

    @property
    def rect(self) -> Rect:
        return (self.x0, self.y0, self.x1, self.y1)


_FIRST_FIVE = itemgetter(slice(0, 5))
_new_word = partial(tuple.__new__, Word)


def _as_words(items: Sequence[RawWord]) -> list[Word]:
    return list(map(_new_word, map(_FIRST_FIVE, items)))


class TextRun:
    """Words in reading order joined by single spaces, with each word's offset into `text`.

    The box and the `Word` objects are made when first asked for: most lines of a bill are only read.
    """

    __slots__ = ("_box", "_items", "_starts", "_words", "text")

    def __init__(self, words: Sequence[RawWord], text: str | None = None) -> None:
        self._items = words
        self._words: list[Word] | None = None
        self._starts: list[int] | None = None
        self._box: tuple[float, float, float, float, float] | None = None
        self.text = " ".join(map(_TEXT, words)) if text is None else text

    @property
    def words(self) -> list[Word]:
        if self._words is None:
            self._words = _as_words(self._items)
        return self._words

    def _bounds(self) -> tuple[float, float, float, float, float]:
        if self._box is None:
            items = self._items
            if not items:
                self._box = (0.0, 0.0, 0.0, 0.0, 0.1)
            else:
                y0s, y1s = list(map(_Y0, items)), list(map(_Y1, items))
                self._box = (min(map(_X0, items)), min(y0s), max(map(_X1, items)), max(y1s),
                             max(max(map(sub, y1s, y0s)), 0.1))
        return self._box

    @property
    def x0(self) -> float:
        return self._bounds()[0]

    @property
    def y0(self) -> float:
        return self._bounds()[1]

    @property
    def x1(self) -> float:
        return self._bounds()[2]

    @property
    def y1(self) -> float:
        return self._bounds()[3]

    @property
    def height(self) -> float:
        return self._bounds()[4]

    @property
    def starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [0, *accumulate(len(w[4]) + 1 for w in self._items[:-1])]
        return self._starts

    def word_index_at(self, offset: int) -> int:
        """The word holding character `offset` (a space belongs to the word before it)."""
        index = bisect_right(self.starts, offset) - 1
        return index if index > 0 else 0

    def rects(self, start: int, end: int) -> list[Rect]:
        """Boxes of the characters start..end, one per line; partial words are cut in proportion."""
        items = self._items
        if end <= start or not items:
            return []
        out: list[Rect] = []
        starts = self.starts
        first, last = self.word_index_at(start), self.word_index_at(end - 1)
        for i in range(first, last + 1):
            word = items[i]
            w_start, w_len = starts[i], max(len(word[4]), 1)
            lo = max(start - w_start, 0)
            hi = min(end - w_start, w_len)
            if hi <= 0:
                continue
            step = (word[2] - word[0]) / w_len
            box = (word[0] + lo * step, word[1], word[0] + hi * step, word[3])
            if out and _same_line(out[-1], box):
                prev = out[-1]
                out[-1] = (min(prev[0], box[0]), min(prev[1], box[1]), max(prev[2], box[2]), max(prev[3], box[3]))
            else:
                out.append(box)
        return [tuple(round(v, 1) for v in r) for r in out]  # type: ignore[misc]


def _same_line(a: Rect, b: Rect) -> bool:
    overlap = min(a[3], b[3]) - max(a[1], b[1])
    return overlap >= 0.5 * min(a[3] - a[1], b[3] - b[1])


class Segment(NamedTuple):
    """A piece of a line between wide gaps (a table cell, a label, a value), with its bounds."""

    x0: float
    y0: float
    x1: float
    y1: float
    height: float
    words: list[Word]

    @property
    def text(self) -> str:
        return " ".join([w[4] for w in self.words])


class Line:
    """Everything on one baseline, left to right, and its pieces split at wide gaps (made when asked for)."""

    __slots__ = ("_segments", "run")

    def __init__(self, run: TextRun, segments: list[Segment] | None = None) -> None:
        self.run = run
        self._segments = segments

    @property
    def segments(self) -> list[Segment]:
        if self._segments is None:
            self._segments = _segments(self.run.words)
        return self._segments

    def __repr__(self) -> str:
        return f"Line({self.run.text!r})"


class PageText:
    """One page as lines in reading order; its blocks are stacked from the lines when first asked for.

    A page read from a bill keeps each line as its words and its text until `lines` is asked for: the
    numbers and the index read `text`, and most pages of a bill are never needed as objects.
    """

    __slots__ = ("_blocks", "_boxes", "_line_starts", "_line_texts", "_line_words", "_lines", "_text", "height",
                 "number", "ocr", "width")

    def __init__(self, number: int, width: float, height: float, lines: list[Line],
                 blocks: list[TextRun] | None = None, ocr: bool = False) -> None:
        self.number = number  # 1-based
        self.width = width
        self.height = height
        self._lines: list[Line] | None = lines
        self._line_words: list[list[RawWord] | int] | None = None
        self._boxes = array("d")  # the boxes of the packed lines' words, 4 numbers a word
        self._line_texts: list[str] | None = None
        self._blocks = blocks
        self.ocr = ocr
        self._text: str | None = None
        self._line_starts: list[int] | None = None

    @classmethod
    def from_line_words(cls, number: int, width: float, height: float, line_words: list[list[RawWord]],
                        ocr: bool = False) -> PageText:
        page = cls(number, width, height, [], None, ocr)
        page._lines = None
        texts = [" ".join(map(_TEXT, words)) for words in line_words]
        page._line_words = _packed(line_words, texts, page._boxes)
        if any("\n" in text for text in texts):
            page._line_texts = texts
        else:  # kept once, as the page's text; the lines' texts are split from it when asked for
            page._text = "\n".join(texts)
        return page

    @property
    def lines(self) -> list[Line]:
        if self._lines is None:
            assert self._line_words is not None
            self._lines = [Line(TextRun(_unpacked(words, text, self._boxes), text))
                           for words, text in zip(self._line_words, self.line_texts, strict=True)]
        return self._lines

    @property
    def line_texts(self) -> list[str]:
        if self._line_texts is not None:
            return self._line_texts
        if self._text is None:  # a page made of Line objects
            self._line_texts = [line.run.text for line in self.lines]
            return self._line_texts
        return self._text.split("\n") if self._text else []

    @property
    def blocks(self) -> list[TextRun]:
        if self._blocks is None:
            self._blocks = _blocks(self.lines)
        return self._blocks

    @property
    def has_text(self) -> bool:
        if self._line_texts is None and self._text is not None:
            return bool(self._text)  # its lines are non-empty words joined
        return bool(self.line_texts)

    @property
    def text(self) -> str:
        """Every line's text, one line per line of text (no match of a pattern without '\\n' spans two)."""
        if self._text is None:
            self._text = "\n".join(self.line_texts)
        return self._text

    @property
    def line_starts(self) -> list[int]:
        """Offset of each line in `text`."""
        if self._line_starts is None:
            self._line_starts = [0, *accumulate(len(text) + 1 for text in self.line_texts[:-1])]
        return self._line_starts

    def line_at(self, offset: int) -> int:
        """Index of the line holding `offset` of `text`."""
        return bisect_right(self.line_starts, offset) - 1

    def __repr__(self) -> str:
        return f"PageText(number={self.number}, lines={len(self.line_texts)})"


# A page is kept for the whole check, and MuPDF's 8-tuples (4 boxed floats, a text, 3 ints) cost ~270 bytes a
# word: 60 MB for a 500-page bill. A line whose words can be told from its text (no word holds a space) keeps
# only their boxes, 32 bytes a word in the page's one array (the line holds where its first word's box is);
# its words are rebuilt, as (x0, y0, x1, y1, text), when the page's lines are asked for (only pages a field
# may be on).
def _packed(line_words: list[list[RawWord]], texts: list[str], boxes: array) -> list[list[RawWord] | int]:
    out: list[list[RawWord] | int] = []
    flat: list[float] = []
    for words, text in zip(line_words, texts, strict=True):
        # No word holds a space exactly when the joined text has one space fewer than the words.
        if not words or text.count(" ") != len(words) - 1:
            out.append(words)
            continue
        out.append(len(flat))
        for w in words:
            flat += w[:4]
    boxes.fromlist(flat)  # a list's own fast path: extend() converts item by item (~30% of packing)
    return out


def _unpacked(words: list[RawWord] | int, text: str, boxes: array) -> list[RawWord]:
    if not isinstance(words, int):
        return words
    b = boxes
    return [(b[j], b[j + 1], b[j + 2], b[j + 3], part)
            for j, part in zip(range(words, words + 4 * (text.count(" ") + 1), 4), text.split(" "), strict=True)]


def _group_lines(words: Sequence[RawWord]) -> list[list[RawWord]]:
    """Words top to bottom (by the middle of their box, then left to right), a line while they overlap."""
    keys = list(zip(map(add, map(_Y0, words), map(_Y1, words)), map(_X0, words), strict=True))
    lines: list[list[RawWord]] = []
    line: list[RawWord] = []
    top = bottom = 0.0
    for word in map(words.__getitem__, sorted(range(len(words)), key=keys.__getitem__)):
        y0, y1 = word[1], word[3]
        if line:
            overlap = (bottom if bottom < y1 else y1) - (top if top > y0 else y0)
            a, b = bottom - top, y1 - y0
            if overlap >= 0.5 * (b if b < a else a):
                line.append(word)
                if y0 < top:
                    top = y0
                if y1 > bottom:
                    bottom = y1
                continue
        line = [word]
        lines.append(line)
        top, bottom = y0, y1
    return lines


def _lines_in_drawing_order(words: Sequence[RawWord]) -> list[list[RawWord]] | None:
    """`_join_fragments` of each of `_group_lines`, in one pass for the usual page; None when words on
    one line come right to left, and the page must be grouped the long way.

    Words are sorted by the middle of their box alone (a float key sorts much faster than a pair);
    that is the order of `_group_lines` as long as words with the same middle come left to right, which
    the pass checks as it goes. A line whose words come left to right with no two touching is already
    what `_join_fragments` would make of it.
    """
    middles = list(map(add, map(_Y0, words), map(_Y1, words)))
    lines: list[list[RawWord]] = []
    line: list[RawWord] = []
    plain: list[bool] = []  # per line: left to right, nothing to join
    top = bottom = 0.0
    p_y0 = p_y1 = p_mid = p_x0 = p_x1 = p_h = 0.0  # the previous word
    is_plain = True
    for word in map(words.__getitem__, sorted(range(len(words)), key=middles.__getitem__)):
        x0, y0, y1 = word[0], word[1], word[3]
        if line and y0 == p_y0 and y1 == p_y1 and p_h >= 0:
            # The box of the word before, which is on this line: it overlaps the line fully, and the
            # line's top and bottom already hold it (the usual case: words of one font on one baseline).
            if x0 < p_x0:
                return None
            line.append(word)
            if is_plain and x0 - p_x1 < _JOIN_GAP * p_h:
                is_plain = False
            p_x0, p_x1 = x0, word[2]
            continue
        mid, h = y0 + y1, y1 - y0
        if line:
            if mid == p_mid and x0 < p_x0:
                return None
            overlap = (bottom if bottom < y1 else y1) - (top if top > y0 else y0)
            a = bottom - top
            if overlap >= 0.5 * (h if h < a else a):
                line.append(word)
                if y0 < top:
                    top = y0
                if y1 > bottom:
                    bottom = y1
                if is_plain and (x0 < p_x0 or x0 - p_x1 < _JOIN_GAP * (h if h < p_h else p_h)):
                    is_plain = False
                p_y0, p_y1, p_mid, p_x0, p_x1, p_h = y0, y1, mid, x0, word[2], h
                continue
            plain.append(is_plain)
        line = [word]
        lines.append(line)
        top, bottom = y0, y1
        p_y0, p_y1, p_mid, p_x0, p_x1, p_h = y0, y1, mid, x0, word[2], h
        is_plain = True
    plain.append(is_plain)
    return [group if ok else _join_fragments(group) for group, ok in zip(lines, plain, strict=False)]


def _join_fragments(words: list[RawWord]) -> list[RawWord]:
    """Left to right, fragments that touch become one word; a glyph drawn twice (fake bold) once."""
    if len(words) < 2:
        return words
    out: list[RawWord] = []
    prev: RawWord | None = None
    for word in sorted(words, key=_X0):
        if prev is not None:
            a, b = prev[3] - prev[1], word[3] - word[1]
            low = b if b < a else a
            if word[0] - prev[2] < _JOIN_GAP * low:
                # The same glyph drawn again a hair to the right (fake bold), not the next of two
                # identical letters ("88", "ll"), which starts a whole glyph further on.
                if word[4] == prev[4] and abs(word[0] - prev[0]) < 0.3 * (word[2] - word[0]):
                    continue
                prev = out[-1] = Word(prev[0], min(prev[1], word[1]), max(prev[2], word[2]), max(prev[3], word[3]),
                                      prev[4] + word[4])
                continue
        out.append(word)
        prev = word
    return out


def _segment(words: list[Word]) -> Segment:
    if len(words) == 1:
        w = words[0]
        return Segment(w[0], w[1], w[2], w[3], max(w[3] - w[1], 0.1), words)
    x0s, y0s, x1s, y1s, _ = zip(*words, strict=True)
    return Segment(x0s[0], min(y0s), max(x1s), max(y1s), max(max(map(sub, y1s, y0s)), 0.1), words)


def _segments(words: list[Word]) -> list[Segment]:
    pieces: list[list[Word]] = [[words[0]]]
    for prev, word in pairwise(words):
        if word[0] - prev[2] > _SEGMENT_GAP * min(prev[3] - prev[1], word[3] - word[1]):
            pieces.append([word])
        else:
            pieces[-1].append(word)
    return [_segment(p) for p in pieces]


def _blocks(lines: list[Line]) -> list[TextRun]:
    """Stack segments into blocks: a segment joins the block whose last segment sits just above it."""
    blocks: list[list[Segment]] = []
    open_ends: list[tuple[int, Segment]] = []  # (block index, its last segment)
    for line in lines:
        next_ends: list[tuple[int, Segment]] = []
        taken: set[int] = set()
        for seg in line.segments:
            target = None
            for block_index, last in open_ends:
                if block_index in taken:
                    continue
                low = min(seg.height, last.height)
                if (seg.y0 - last.y1 <= _BLOCK_GAP * low and seg.x0 < last.x1 and last.x0 < seg.x1
                        and 0.7 <= seg.height / last.height <= 1.4):
                    target = block_index
                    break
            if target is None:
                blocks.append([seg])
                target = len(blocks) - 1
            else:
                blocks[target].append(seg)
            taken.add(target)
            next_ends.append((target, seg))
        # A block not continued on this line stays open while nothing sits under it and it is still close
        # (columns with different line spacing interleave their lines).
        kept = [(b, s) for b, s in open_ends
                if b not in taken and line.run.y1 - s.y1 <= 2 * s.height and not _covered(s, line)]
        open_ends = next_ends + kept
    return [TextRun([w for seg in segs for w in seg.words]) for segs in blocks]


def _covered(seg: Segment, line: Line) -> bool:
    return any(other.x0 < seg.x1 and seg.x0 < other.x1 for other in line.segments)


def _visible(words: Sequence[RawWord]) -> Sequence[RawWord]:
    if all(map(str.strip, map(_TEXT, words))):  # blank words: none, nearly always
        return words
    return [w for w in words if not w[4].isspace() and w[4]]


def build_page(number: int, width: float, height: float, raw_words: Sequence[RawWord], ocr: bool = False, *,
               redraw: Callable[[Sequence[RawWord]], Sequence[RawWord] | None] | None = None) -> PageText:
    """Lines of one page from MuPDF's words (or `Word`s) in any order; segments and blocks on demand.

    When the words of some line come right to left, `redraw` (if given) may answer other words for the
    page (a page drawn backwards gives its glyphs one by one); those are then grouped the long way.
    Only such a page is asked: for every other page the look at word order costs nothing extra.
    """
    words = _visible(raw_words)
    line_words = _lines_in_drawing_order(words)
    if line_words is None:
        again = redraw(raw_words) if redraw is not None else None
        if again is not None:
            words = _visible(again)
        line_words = [_join_fragments(group) for group in _group_lines(words)]
    return PageText.from_line_words(number, width, height, line_words, ocr)
