"""Words with boxes in reading order, rebuilt from geometry.

Content-stream order cannot be trusted: bills are drawn bottom-up, letter by letter, in reverse, or
with the first word in another font. So the words MuPDF reports are regrouped by position only:
lines by vertical overlap, words by the gaps between fragments, line pieces (segments) split at wide
gaps (columns, "label      value"), and blocks from segments stacked closely on top of each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, pairwise
from operator import sub
from typing import NamedTuple

Rect = tuple[float, float, float, float]

# Fragments closer than this (× height) are one word: glyphs drawn one by one touch each other,
# while a space is about a quarter of the height.
_JOIN_GAP = 0.1
# A gap wider than this (× height) splits a line into segments (columns, label and value).
_SEGMENT_GAP = 1.5
# Stacked segments closer than this (× height) belong to one block.
_BLOCK_GAP = 0.7


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


class TextRun:
    """Words in reading order joined by single spaces, with each word's offset into `text`."""

    __slots__ = ("_starts", "height", "text", "words", "x0", "x1", "y0", "y1")

    def __init__(self, words: list[Word]) -> None:
        self.words = words
        self._starts: list[int] | None = None
        if not words:
            self.text, self.x0, self.y0, self.x1, self.y1, self.height = "", 0.0, 0.0, 0.0, 0.0, 0.1
            return
        # zip(*) and map run in C: a bill has thousands of runs, so this is the hot path of reading.
        x0s, y0s, x1s, y1s, texts = zip(*words, strict=True)
        self.text = " ".join(texts)
        self.x0, self.y0, self.x1, self.y1 = min(x0s), min(y0s), max(x1s), max(y1s)
        self.height = max(max(map(sub, y1s, y0s)), 0.1)

    @property
    def starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [0, *accumulate(len(w[4]) + 1 for w in self.words[:-1])]
        return self._starts

    def word_index_at(self, offset: int) -> int:
        """The word holding character `offset` (a space belongs to the word before it)."""
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def rects(self, start: int, end: int) -> list[Rect]:
        """Boxes of the characters start..end, one per line; partial words are cut in proportion."""
        if end <= start or not self.words:
            return []
        out: list[Rect] = []
        first, last = self.word_index_at(start), self.word_index_at(end - 1)
        for i in range(first, last + 1):
            word = self.words[i]
            w_start, w_len = self.starts[i], max(len(word.text), 1)
            lo = max(start - w_start, 0)
            hi = min(end - w_start, w_len)
            if hi <= 0:
                continue
            step = (word.x1 - word.x0) / w_len
            box = (word.x0 + lo * step, word.y0, word.x0 + hi * step, word.y1)
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


@dataclass
class Line:
    """Everything on one baseline, left to right, and its pieces split at wide gaps."""

    run: TextRun
    segments: list[Segment]


@dataclass
class PageText:
    number: int  # 1-based
    width: float
    height: float
    lines: list[Line]
    blocks: list[TextRun]
    ocr: bool = False

    @property
    def has_text(self) -> bool:
        return bool(self.lines)


def _group_lines(words: Sequence[Word]) -> list[list[Word]]:
    lines: list[list[Word]] = []
    top = bottom = 0.0
    for word in sorted(words, key=lambda w: (w[1] + w[3], w[0])):
        y0, y1 = word[1], word[3]
        if lines:
            overlap = (bottom if bottom < y1 else y1) - (top if top > y0 else y0)
            if overlap >= 0.5 * min(bottom - top, y1 - y0):
                lines[-1].append(word)
                if y0 < top:
                    top = y0
                if y1 > bottom:
                    bottom = y1
                continue
        lines.append([word])
        top, bottom = y0, y1
    return lines


def _join_fragments(words: list[Word]) -> list[Word]:
    """Left to right, fragments that touch become one word; a glyph drawn twice (fake bold) once."""
    out: list[Word] = []
    for word in sorted(words, key=lambda w: w[0]):
        if out:
            prev = out[-1]
            low = min(prev[3] - prev[1], word[3] - word[1])
            if word[0] - prev[2] < _JOIN_GAP * low:
                if word[4] == prev[4] and abs(word[0] - prev[0]) < 0.5 * low:
                    continue
                out[-1] = Word(prev[0], min(prev[1], word[1]), max(prev[2], word[2]), max(prev[3], word[3]),
                               prev[4] + word[4])
                continue
        out.append(word)
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


def build_page(number: int, width: float, height: float, raw_words: Sequence[Word], ocr: bool = False) -> PageText:
    """Lines, segments and blocks of one page from MuPDF's words in any order."""
    words = [w for w in raw_words if not w[4].isspace() and w[4]]
    lines: list[Line] = []
    for group in _group_lines(words):
        joined = _join_fragments(group)
        lines.append(Line(TextRun(joined), _segments(joined)))
    return PageText(number, width, height, lines, _blocks(lines), ocr)
