"""Orders and signature images for the LOA tests, made in code (no fixture files)."""

from __future__ import annotations

import re
from typing import Any

import pymupdf

from portdesk.domain.order import PortOrder


def numbers(count: int, npa: str = "303") -> list[str]:
    """`count` distinct valid E.164 numbers spread over exchanges (555 is only 0100-0199 in places)."""
    out = []
    for i in range(count):
        exchange = 200 + i // 9000
        out.append(f"+1{npa}{exchange}{1000 + i % 9000:04d}")
    return out


def order_dict(count: int = 3, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": "portdesk.order/1",
        "name": "ABC Company - Denver",
        "kind": "local",
        "profile": "kazoo",
        "losing_carrier": "Lumen",
        "account": {
            "name": "ABC Company, Inc.",
            "number": "8812-5520-01",
            "pin": "97531",
            "btn": "+17205550100",
            "authorized_user": "Jane Doe",
            "service_address": {
                "line1": "1200 Market Street",
                "line2": "Suite 400",
                "city": "Denver",
                "state": "CO",
                "postal_code": "80202",
                "country": "US",
            },
        },
        "port_type": "partial",
        "new_btn": "+17205550199",
        "numbers": numbers(count),
        "requested_date": "2026-12-10",
        "requested_time": "09:00",
        "requested_timezone": "America/Denver",
    }
    data.update(overrides)
    return data


def order(count: int = 3, **overrides: Any) -> PortOrder:
    return PortOrder.from_dict(order_dict(count, **overrides))


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def pdf_text(pdf: bytes) -> list[str]:
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        return [doc[i].get_text() for i in range(doc.page_count)]


def drawn_signature_png() -> bytes:
    """A pen stroke on a transparent background, as a signature pad would hand it over."""
    with pymupdf.open() as doc:
        page = doc.new_page(width=300, height=100)
        shape = page.new_shape()
        shape.draw_bezier((10, 70), (60, -10), (90, 120), (140, 40))
        shape.draw_bezier((140, 40), (180, 0), (220, 110), (290, 30))
        shape.finish(color=(0.1, 0.1, 0.5), width=3, closePath=False)
        shape.commit()
        png: bytes = page.get_pixmap(alpha=True, dpi=144).tobytes("png")
    return png
