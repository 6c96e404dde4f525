"""Words picked on the bill: a click selects one, shift-click or a drag extends in reading order.

Plain Python: the page view feeds it the page's words and the word under the mouse.
"""

from __future__ import annotations

from collections.abc import Sequence

from portdesk.services.bills import Word, selection_text


def word_at(words: Sequence[Word], x: float, y: float, slack: float = 1.5) -> Word | None:
    """The word whose box (grown by `slack` points) holds the point; the nearest centre wins ties."""
    best: tuple[float, Word] | None = None
    for word in words:
        x0, y0, x1, y1 = word.rect
        if x0 - slack <= x <= x1 + slack and y0 - slack <= y <= y1 + slack:
            distance = abs((x0 + x1) / 2 - x) + abs((y0 + y1) / 2 - y)
            if best is None or distance < best[0]:
                best = (distance, word)
    return best[1] if best else None


class WordSelection:
    def __init__(self) -> None:
        self.page = -1
        self._page_words: Sequence[Word] = ()
        self._anchor = -1
        self._focus = -1

    @property
    def words(self) -> list[Word]:
        if self.page < 0:
            return []
        low, high = sorted((self._anchor, self._focus))
        return [w for w in self._page_words if low <= w.order <= high]

    @property
    def text(self) -> str:
        return selection_text(self.words)

    def contains(self, page: int, word: Word) -> bool:
        return page == self.page and word in self.words

    def select(self, page: int, page_words: Sequence[Word], word: Word) -> None:
        self.page, self._page_words = page, page_words
        self._anchor = self._focus = word.order

    def extend_to(self, page: int, word: Word) -> bool:
        """Move the free end to `word`; a word on another page cannot extend (False)."""
        if page != self.page:
            return False
        self._focus = word.order
        return True

    def clear(self) -> None:
        self.page, self._page_words, self._anchor, self._focus = -1, (), -1, -1
