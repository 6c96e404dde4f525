"""A losing carrier's Customer Service Record as a small PDF, written with the standard library only.

Bandwidth's LNP team attaches the losing carrier's CSR to a port-in it could not complete, so the
coordinator can copy the account's details exactly; the sandbox does the same from its world. The
PDF is one page of Helvetica text with a correct cross-reference table (PyMuPDF opens it cleanly).
"""

from __future__ import annotations

import datetime as dt

from portdesk.sandbox.world import Account

MAX_LINES = 60


def _escape(text: str) -> str:
    ascii_text = text.encode("ascii", "replace").decode("ascii")
    return ascii_text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def csr_lines(account: Account, when: dt.datetime) -> list[str]:
    address = account.address
    lines = [f"Customer Service Record - {account.losing_carrier}", f"Prepared {when:%Y-%m-%d %H:%M} UTC", "",
             f"Account name: {account.name}", f"Account number: {account.number or '-'}",
             f"Billing telephone number: {account.btn or '-'}",
             f"Authorized user: {account.authorized_user or '-'}",
             f"Service address: {address.line1}" + (f", {address.line2}" if address.line2 else ""),
             f"                 {address.city}, {address.state} {address.postal_code}", "",
             "Telephone numbers on the account:"]
    lines += [f"  {number}" for number in account.numbers]
    if account.features:
        lines += ["", "Features: " + ", ".join(account.features)]
    return lines[:MAX_LINES]


def text_pdf(lines: list[str]) -> bytes:
    """One Letter page with `lines` of text, top to bottom."""
    body = ["BT", "/F1 11 Tf", "14 TL", "72 740 Td"]
    body += [f"({_escape(line)}) '" for line in lines]
    body.append("ET")
    stream = "\n".join(body).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def csr_pdf(account: Account, when: dt.datetime) -> bytes:
    return text_pdf(csr_lines(account, when))
