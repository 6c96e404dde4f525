"""Workbooks as customers send them, and as attackers do: DTD entities are refused in words."""

from __future__ import annotations

import openpyxl
import pytest

from portdesk.documents.spreadsheet import SpreadsheetError, read_xlsx_rows
from tests.documents.xlsx_samples import BILLION_LAUGHS, XXE, with_doctype, workbook


def test_a_plain_workbook_is_read() -> None:
    assert read_xlsx_rows(workbook(["Phone"], [3035550100])) == [["Phone"], ["3035550100"]]


@pytest.mark.parametrize(("doctype", "entity"), [(BILLION_LAUGHS, "lol4"), (XXE, "xxe")], ids=["billion-laughs", "xxe"])
@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])
def test_a_workbook_with_xml_entities_is_refused_in_words(doctype: str, entity: str, member: str) -> None:
    hostile = with_doctype(workbook(["Phone"], ["303-555-0100"]), member, doctype,
                           entity if member.endswith("sheet1.xml") else "")
    with pytest.raises(SpreadsheetError, match="this spreadsheet contains XML entities, which PortDesk refuses"):
        read_xlsx_rows(hostile)


def test_no_workbook_is_read_when_openpyxl_would_not_use_defusedxml(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)  # what OPENPYXL_DEFUSEDXML=False or no defusedxml gives
    with pytest.raises(SpreadsheetError, match="defusedxml"):
        read_xlsx_rows(workbook(["Phone"], [3035550100]))
