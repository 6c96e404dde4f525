"""Workbooks built in the tests: a plain one, and one whose XML declares DTD entities."""

from __future__ import annotations

import io
import zipfile

import openpyxl

BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
    '<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>'
)
XXE = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def workbook(*rows: list[object]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_doctype(data: bytes, member: str, doctype: str, entity: str) -> bytes:
    """The workbook with a DOCTYPE declaring entities put into one of its XML parts."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == member:
                text = body.decode("utf-8")
                declaration = text.index("?>") + 2 if text.startswith("<?xml") else 0
                text = text[:declaration] + doctype + text[declaration:]
                if entity and "<sheetData/>" in text:
                    text = text.replace("<sheetData/>", f'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&{entity};</t></is></c></row></sheetData>')
                elif entity:
                    text = text.replace("</sheetData>", f'<row r="9"><c r="A9" t="inlineStr"><is><t>&{entity};</t></is></c></row></sheetData>')
                body = text.encode("utf-8")
            dst.writestr(info, body)
    return out.getvalue()
