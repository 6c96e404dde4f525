"""Words with boxes in reading order, rebuilt from geometry.

Content-stream order cannot be trusted: bills are drawn bottom-up, letter by letter, in reverse, or
with the first word in another font. So the words MuPDF reports are regrouped by position only:
lines by vertical overlap, words by the gaps between fragments, line pieces (segments) split at wide
gaps (columns, "label      value"), and blocks from segments stacked closely on top of each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

Rect = tuple[float, float, float, float]

# Fragments closer than this (× height) are one word: glyphs drawn one by one touch each other,
# while a space is about a quarter of the height.
_JOIN_GAP = 0.1
# A gap wider than this (× height) splits a line into segments (columns, label and value).
_SEGMENT_GAP = 1.5
# Stacked segments closer than this (× height) belong to one block.
_BLOCK_GAP = 0.7


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def height(self) -> float:
        return max(self.y1 - self.y0, 0.1)

    @property
    def rect(self) -> Rect:
        return (self.x0, self.y0, self.x1, self.y1)


@dataclass
class TextRun:
    """Words in reading order joined by single spaces, with each word's offset into `text`."""

    words: list[Word]
    text: str = ""
    starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        pos = 0
        parts: list[str] = []
        self.starts = []
        for word in self.words:
            self.starts.append(pos)
            parts.append(word.text)
            pos += len(word.text) + 1
        self.text = " ".join(parts)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def y0(self) -> float:
        return min(w.y0 for w in self.words)

    @property
    def y1(self) -> float:
        return max(w.y1 for w in self.words)

    @property
    def height(self) -> float:
        return max(w.height for w in self.words)

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


@dataclass
class Line:
    """Everything on one baseline, left to right, and its pieces split at wide gaps."""

    run: TextRun
    segments: list[TextRun]


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
    for word in sorted(words, key=lambda w: ((w.y0 + w.y1) / 2, w.x0)):
        if lines:
            overlap = min(bottom, word.y1) - max(top, word.y0)
            if overlap >= 0.5 * min(bottom - top, word.height):
                lines[-1].append(word)
                top, bottom = min(top, word.y0), max(bottom, word.y1)
                continue
        lines.append([word])
        top, bottom = word.y0, word.y1
    return lines


def _join_fragments(words: list[Word]) -> list[Word]:
    """Left to right, fragments that touch become one word; a glyph drawn twice (fake bold) once."""
    out: list[Word] = []
    for word in sorted(words, key=lambda w: w.x0):
        if out:
            prev = out[-1]
            gap = word.x0 - prev.x1
            if word.text == prev.text and abs(word.x0 - prev.x0) < 0.5 * word.height:
                continue
            if gap < _JOIN_GAP * min(prev.height, word.height):
                out[-1] = Word(prev.text + word.text, prev.x0, min(prev.y0, word.y0), max(prev.x1, word.x1),
                               max(prev.y1, word.y1))
                continue
        out.append(word)
    return out


def _segments(words: list[Word]) -> list[TextRun]:
    pieces: list[list[Word]] = [[words[0]]]
    for prev, word in pairwise(words):
        if word.x0 - prev.x1 > _SEGMENT_GAP * min(prev.height, word.height):
            pieces.append([word])
        else:
            pieces[-1].append(word)
    return [TextRun(p) for p in pieces]


def _blocks(lines: list[Line]) -> list[TextRun]:
    """Stack segments into blocks: a segment joins the block whose last segment sits just above it."""
    blocks: list[list[TextRun]] = []
    open_ends: list[tuple[int, TextRun]] = []  # (block index, its last segment)
    for line in lines:
        next_ends: list[tuple[int, TextRun]] = []
        for seg in line.segments:
            target = None
            for block_index, last in open_ends:
                gap = seg.y0 - last.y1
                ratio = seg.height / last.height
                if (gap <= _BLOCK_GAP * min(seg.height, last.height) and seg.x0 < last.x1 and last.x0 < seg.x1
                        and 0.7 <= ratio <= 1.4 and all(b != block_index for b, _ in next_ends)):
                    target = block_index
                    break
            if target is None:
                blocks.append([seg])
                target = len(blocks) - 1
            else:
                blocks[target].append(seg)
            next_ends.append((target, seg))
        # Blocks not continued on this line stay open for one more line only when nothing was in the way.
        kept = [(b, s) for b, s in open_ends if all(b != nb for nb, _ in next_ends)]
        open_ends = next_ends + [(b, s) for b, s in kept if not _covered(s, line)]
    return [TextRun([w for seg in segs for w in seg.words]) for segs in blocks]


def _covered(seg: TextRun, line: Line) -> bool:
    return any(other.x0 < seg.x1 and seg.x0 < other.x1 for other in line.segments)


def build_page(number: int, width: float, height: float, raw_words: Sequence[Word], ocr: bool = False) -> PageText:
    """Lines, segments and blocks of one page from MuPDF's words in any order."""
    words = [w for w in raw_words if w.text.strip()]
    lines: list[Line] = []
    for group in _group_lines(words):
        joined = _join_fragments(group)
        lines.append(Line(TextRun(joined), _segments(joined)))
    return PageText(number, width, height, lines, _blocks(lines), ocr)
