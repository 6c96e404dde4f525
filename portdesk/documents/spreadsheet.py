"""Rows of an XLSX workbook as text, for number lists customers send as spreadsheets.

openpyxl lives only here. Numbers typed into Excel often arrive as integers or floats
(3035550100.0); they are turned back into their digits so the number reader sees what was meant.

A workbook is XML from outside: openpyxl parses it through defusedxml (it does so whenever
defusedxml is installed and OPENPYXL_DEFUSEDXML is not "False"), which refuses DTD entities
(billion laughs, XXE); that refusal is reported in words, and no workbook is read without it.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator

XLSX_MAGIC = b"PK\x03\x04"


class SpreadsheetError(ValueError):
    """The workbook cannot be read; the message says why in words."""


def looks_like_xlsx(data: bytes) -> bool:
    return data[:4] == XLSX_MAGIC


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value)


ENTITIES_REFUSED = "this spreadsheet contains XML entities, which PortDesk refuses"


def _entities_in(exc: BaseException) -> bool:
    """Did defusedxml refuse a DTD or entity somewhere in this error's chain? (openpyxl wraps it
    in a ValueError of its own while loading, and raises it bare while reading rows.)"""
    from defusedxml import DefusedXmlException

    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, DefusedXmlException):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _unreadable(exc: BaseException) -> SpreadsheetError:
    if _entities_in(exc):
        return SpreadsheetError(ENTITIES_REFUSED)
    said = " ".join(str(exc).split())  # openpyxl's messages span lines; ours is one
    return SpreadsheetError(f"not a readable XLSX workbook ({said[:160]})")


def read_xlsx_rows(data: bytes) -> list[list[str | None]]:
    """Every row of the first worksheet, each cell as text (None when empty)."""
    import openpyxl  # only when a spreadsheet is read: keeps `portdesk numbers` on text fast

    if not openpyxl.DEFUSEDXML:
        raise SpreadsheetError("spreadsheets are read only through defusedxml, which openpyxl is not using "
                               "(is it installed, and OPENPYXL_DEFUSEDXML unset?)")
    # ParseError (a SyntaxError) is what malformed XML raises inside the workbook.
    problems = (zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except problems as exc:
        raise _unreadable(exc) from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise SpreadsheetError("the workbook has no worksheet")
        return list(_rows(sheet.iter_rows(values_only=True)))
    except SpreadsheetError:
        raise
    except problems as exc:  # read-only mode parses the sheet's XML while its rows are read
        raise _unreadable(exc) from None
    finally:
        workbook.close()


def _rows(rows: Iterator[tuple[object, ...]]) -> Iterator[list[str | None]]:
    for row in rows:
        yield [_cell_text(v) for v in row]
