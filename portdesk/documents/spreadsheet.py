"""Rows of an XLSX workbook as text, for number lists customers send as spreadsheets.

openpyxl lives only here. Numbers typed into Excel often arrive as integers or floats
(3035550100.0); they are turned back into their digits so the number reader sees what was meant.
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


def read_xlsx_rows(data: bytes) -> list[list[str | None]]:
    """Every row of the first worksheet, each cell as text (None when empty)."""
    import openpyxl  # only when a spreadsheet is read: keeps `portdesk numbers` on text fast

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise SpreadsheetError(f"not a readable XLSX workbook ({exc})") from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise SpreadsheetError("the workbook has no worksheet")
        return list(_rows(sheet.iter_rows(values_only=True)))
    finally:
        workbook.close()


def _rows(rows: Iterator[tuple[object, ...]]) -> Iterator[list[str | None]]:
    for row in rows:
        yield [_cell_text(v) for v in row]
