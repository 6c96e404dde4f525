"""The text layer of an LOA (any LOA, not only PortDesk's), for the rules to hold against its order."""

from __future__ import annotations

import pymupdf

from portdesk.domain.loa_contents import LoaText

MAX_PAGES = 200  # an LOA of 10,000 numbers is ~80 pages; more is not an LOA
MAX_CHARS_PER_PAGE = 200_000


def read_loa_text(data: bytes) -> LoaText:
    """One string per page (empty for a page without text); ValueError when the PDF cannot be opened."""
    try:
        document = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:
        raise ValueError(f"the LOA cannot be opened ({exc})") from None
    with document:
        if document.needs_pass:
            return LoaText()
        pages = []
        for index in range(min(document.page_count, MAX_PAGES)):
            pages.append(document[index].get_text("text")[:MAX_CHARS_PER_PAGE])
    return LoaText(tuple(pages))
