"""Hostile bills end in one clear BillError, quickly and in bounded memory: page-count bombs, too many
pages, pages of hundreds of thousands of words, content that inflates a thousandfold, damaged pages."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from portdesk.demo.bill_story import BillContents, build_bill_pdf
from portdesk.documents import pdf_limits
from portdesk.documents.bill import BillError, open_bill, read_bill
from portdesk.documents.pdf_limits import MAX_CONTENT_BYTES_PER_PAGE, MAX_PAGES, MAX_WORDS_PER_PAGE
from tests.documents import hostile_pdfs


@pytest.mark.parametrize(("count", "kids"), [(10**9, 1), (2**31 - 1, 1), (2_000_000, 2_000_000)])
def test_a_page_count_bomb_is_not_a_readable_pdf(count: int, kids: int) -> None:
    with pytest.raises(BillError, match=r"^not a readable PDF: its page count cannot be read"):
        open_bill(hostile_pdfs.page_count_bomb(count, kids))


def test_a_bill_of_more_pages_than_portdesk_reads_is_refused_with_the_limit() -> None:
    with pytest.raises(BillError, match=f"{MAX_PAGES + 1:,} pages; PortDesk reads bills of at most {MAX_PAGES:,}"):
        open_bill(hostile_pdfs.pages(MAX_PAGES + 1))


def test_a_page_of_more_words_than_the_limit_stops_the_reading() -> None:
    with open_bill(hostile_pdfs.many_words(MAX_WORDS_PER_PAGE + 10)) as pdf, pytest.raises(BillError) as caught:
        read_bill(pdf)
    assert str(caught.value) == (f"page 1 holds more than {MAX_WORDS_PER_PAGE:,} words; "
                                 "PortDesk stops reading a bill this large")


@pytest.mark.parametrize("hex_encoded", [False, True])
def test_a_content_stream_inflating_past_the_limit_is_refused_before_it_is_read(hex_encoded: bool) -> None:
    data = hostile_pdfs.inflating(8 * MAX_CONTENT_BYTES_PER_PAGE, hex_encoded=hex_encoded)
    assert len(data) < 200_000
    started = time.thread_time()  # the reading's own work, not the other processes sharing the cores
    with open_bill(data) as pdf, pytest.raises(BillError, match=r"page 1 draws more than .* MB of content"):
        read_bill(pdf)
    assert time.thread_time() - started < 1.0


def test_a_page_slower_than_the_time_limit_stops_the_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_limits, "MAX_SECONDS_PER_PAGE", 0.0)
    with open_bill(build_bill_pdf(BillContents(), "labels")) as pdf, pytest.raises(BillError) as caught:
        read_bill(pdf)
    assert str(caught.value).startswith("page 1 took longer than 0 s to read")


def test_a_bill_slower_than_the_total_time_limit_stops_the_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_limits, "MAX_SECONDS_PER_BILL", 0.0)
    with open_bill(build_bill_pdf(BillContents(extra_pages=2), "labels")) as pdf, pytest.raises(BillError) as caught:
        read_bill(pdf)
    assert "longer than 0 s to read" in str(caught.value) and "PortDesk stops reading" in str(caught.value)


def test_a_normal_ten_page_bill_is_far_inside_every_limit() -> None:
    data = build_bill_pdf(BillContents(extra_pages=9), "labels")
    started = time.thread_time()  # the reading's own work, not the other processes sharing the cores
    with open_bill(data) as pdf:
        reading = read_bill(pdf)
    assert reading.page_count == 10 and reading.text_layer
    assert time.thread_time() - started < pdf_limits.MAX_SECONDS_PER_BILL / 10


_MEASURE = textwrap.dedent("""
    import resource, sys, time
    from portdesk.documents.bill import BillError, open_bill, read_bill
    data = open(sys.argv[1], "rb").read()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    try:
        with open_bill(data) as pdf:
            read_bill(pdf)
        print("read")
    except BillError as exc:
        print(exc)
    print(time.perf_counter() - started)
    print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)  # MB (Linux: KB)
""")


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss in KB is Linux's unit")
@pytest.mark.parametrize(("name", "expected"), [
    ("ten_million_words", "draws more than"),
    ("quarter_gib_inflation", "draws more than"),
    ("quarter_gib_inflation_under_hex", "draws more than"),  # any filter chain is measured in bounded steps
    ("many_words", "holds more than"),
])
def test_hostile_bills_cost_little_time_and_memory(tmp_path: Path, name: str, expected: str) -> None:
    data = {
        "ten_million_words": lambda: hostile_pdfs.many_words(10_000_000),
        "quarter_gib_inflation": lambda: hostile_pdfs.inflating(1 << 28),
        "quarter_gib_inflation_under_hex": lambda: hostile_pdfs.inflating(1 << 28, hex_encoded=True),
        "many_words": lambda: hostile_pdfs.many_words(MAX_WORDS_PER_PAGE * 5),
    }[name]()
    path = tmp_path / "bill.pdf"
    path.write_bytes(data)
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(path)], capture_output=True, text=True, timeout=60)
    message, seconds, megabytes = done.stdout.strip().splitlines()
    assert expected in message
    assert float(seconds) < 2.0
    assert int(megabytes) < 200


def test_a_damaged_page_is_a_bill_error_naming_the_page() -> None:
    damaged = hostile_pdfs.with_damaged_page(build_bill_pdf(BillContents(extra_pages=1), "labels"), page=1)
    with open_bill(damaged) as pdf, pytest.raises(BillError, match=r"^page 2 is damaged and cannot be read"):
        read_bill(pdf)
