"""LOA generation for 600 numbers against the floor: reportlab drawing the same text on blank pages.

The baseline draws every line of the generated LOA (taken from the PDF itself, same font sizes and
places, same page count) with plain ``drawString`` calls, so the ratio is what the LOA's layout work
costs on top of writing its text. Target: at most 2x. Then cold and paired: the whole unsigned
``portdesk loa`` process against a fresh bare reportlab script drawing the same text (at most 1.5x).
Run: ``python -m benchmarks.bench_loa``.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pymupdf
from reportlab.lib.pagesizes import LETTER
from reportlab.pdfgen.canvas import Canvas

from benchmarks.cold_runs import PYTHON, load_note, paired_cold, verdict
from portdesk.documents.loa import generate_loa
from portdesk.domain.order import PortOrder

TARGET_RATIO = 2.0
COLD_TARGET = 1.5  # the whole `portdesk loa` process, unsigned
Line = tuple[float, float, str, str, float]  # x, baseline y (reportlab), text, font, size


def sample_order(count: int) -> PortOrder:
    return PortOrder.from_dict(
        {
            "format": "portdesk.order/1",
            "name": "ABC Company - Denver",
            "profile": "kazoo",
            "losing_carrier": "Lumen",
            "account": {
                "name": "ABC Company, Inc.",
                "number": "8812-5520-01",
                "pin": "4321",
                "btn": "+17205550100",
                "authorized_user": "Jane Doe",
                "service_address": {"line1": "1200 Market Street", "line2": "Suite 400", "city": "Denver", "state": "CO", "postal_code": "80202"},
            },
            "port_type": "full",
            "numbers": [f"+1303{200 + i // 9000}{1000 + i % 9000:04d}" for i in range(count)],
            "requested_date": "2026-12-10",
        }
    )


def text_lines(pdf: bytes) -> list[list[Line]]:
    """Every text span of every page, with its place, font and size."""
    pages: list[list[Line]] = []
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        for number in range(doc.page_count):
            page = doc[number]
            lines: list[Line] = []
            for block in page.get_text("dict")["blocks"]:
                for line in block.get("lines", []):
                    for span in line["spans"]:
                        font = "Helvetica-Bold" if "Bold" in span["font"] else "Helvetica"
                        x, y = span["origin"]
                        lines.append((x, page.rect.height - y, span["text"], font, span["size"]))
            pages.append(lines)
    return pages


def draw_baseline(pages: list[list[Line]]) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=LETTER, invariant=1, pageCompression=1)
    for lines in pages:
        for x, y, text, font, size in lines:
            c.setFont(font, size)
            c.drawString(x, y, text)
        c.showPage()
    c.save()
    return buf.getvalue()


def best_of(func: Callable[[], object], repeat: int) -> tuple[float, float]:
    func()  # warm caches (fonts, metrics) outside the measurement
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


BARE_SCRIPT = """\
import json, sys
from reportlab.lib.pagesizes import LETTER
from reportlab.pdfgen.canvas import Canvas
pages = json.load(open(sys.argv[1], encoding="utf-8"))
c = Canvas(sys.argv[2], pagesize=LETTER, invariant=1, pageCompression=1)
for lines in pages:
    for x, y, text, font, size in lines:
        c.setFont(font, size)
        c.drawString(x, y, text)
    c.showPage()
c.save()
"""


def cold(order: PortOrder, pages: list[list[Line]], rounds: int) -> float:
    """`portdesk loa` unsigned as a user runs it (a fresh process per round) against a fresh process
    that imports reportlab and draws the same text to a file; paired, median of per-round ratios
    (benchmarks.cold_runs)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "order.json").write_text(json.dumps(order.to_dict()), encoding="utf-8")
        (folder / "lines.json").write_text(json.dumps(pages), encoding="utf-8")
        (folder / "bare.py").write_text(BARE_SCRIPT, encoding="utf-8")
        ours = [PYTHON, "-m", "portdesk", "loa", str(folder / "order.json"), "-o", str(folder / "ours.pdf")]
        bare = [PYTHON, str(folder / "bare.py"), str(folder / "lines.json"), str(folder / "bare.pdf")]
        got = paired_cold(ours, bare, rounds, cwd=tmp)
    print(f"  cold, unsigned: portdesk loa {got.ours * 1000:6.0f} ms, peak {got.ours_peak_mb:.0f} MB   bare reportlab "
          f"script {got.floor * 1000:6.0f} ms, peak {got.floor_peak_mb:.0f} MB   ratio {got.ratio:.2f}x "
          f"(target <= {COLD_TARGET:.1f}x)")
    return got.ratio


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--numbers", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=11, help="paired rounds of the cold figure")
    args = parser.parse_args(argv)
    print(load_note())
    order = sample_order(args.numbers)
    pdf = generate_loa(order)
    pages = text_lines(pdf)
    loa_best, loa_median = best_of(lambda: generate_loa(order), args.repeat)
    base_best, base_median = best_of(lambda: draw_baseline(pages), args.repeat)
    ratio = loa_best / base_best
    spans = sum(len(p) for p in pages)
    print(f"LOA, {args.numbers} numbers, {len(pages)} pages, {spans} text spans")
    print(f"  generate_loa            best {loa_best * 1000:7.1f} ms   median {loa_median * 1000:7.1f} ms")
    print(f"  reportlab same text     best {base_best * 1000:7.1f} ms   median {base_median * 1000:7.1f} ms")
    print(f"  ratio {ratio:.2f}x (target <= {TARGET_RATIO:.1f}x) {'OK' if ratio <= TARGET_RATIO else 'OVER TARGET'}")
    cold_ratio = cold(order, pages, args.rounds)
    ok = verdict(f"LOA 600 numbers <= {TARGET_RATIO:.0f}x reportlab drawing the same text (warm)", f"{ratio:.2f}x",
                 ratio <= TARGET_RATIO)
    ok &= verdict(f"portdesk loa unsigned <= {COLD_TARGET}x a bare reportlab script (cold)", f"{cold_ratio:.2f}x",
                  cold_ratio <= COLD_TARGET)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
