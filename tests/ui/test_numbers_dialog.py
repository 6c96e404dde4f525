"""The numbers import dialog, offscreen: read, judge, fix inline, filter, remove, add, split into drafts."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from portdesk.domain.order import PortOrder
from portdesk.domain.profiles import load_profiles
from portdesk.domain.status import Status, Tab
from portdesk.services import numbers_import
from portdesk.services.queue import QueueService
from portdesk.store.db import make_engine, migrate
from portdesk.store.repos import SqlQueueStore
from portdesk.ui.jobs import SyncJobRunner
from portdesk.ui.numbers.numbers_dialog import NumbersDialog
from portdesk.ui.numbers.numbers_model import (
    COL_E164,
    COL_INPUT,
    COL_KIND,
    COL_STATUS,
    PROBLEM_ROLE,
    NumbersModel,
    ProblemsFilter,
)
from tests.sqlite_template import migrated_url

MESSY = """(303) 555-0100
303-555-01
303.555.0100
1-800-555-0199
303 555 0102 x12
720-555-0110
"""


def _order(**over) -> PortOrder:
    data = {
        "format": "portdesk.order/1", "name": "ABC Company - Denver", "kind": "local", "profile": "kazoo",
        "losing_carrier": "Lumen",
        "account": {"name": "ABC Company, Inc.", "number": "8812-5520-01", "pin": "4321", "btn": "+13035550100",
                    "service_address": {"line1": "1200 Market Street", "city": "Denver", "state": "CO",
                                        "postal_code": "80202"}},
        "numbers": [], "requested_date": "2026-12-10",
    }
    data.update(over)
    return PortOrder.from_dict(data)


@pytest.fixture
def profiles():
    return load_profiles()


@pytest.fixture
def queue(tmp_path: Path) -> QueueService:
    engine = make_engine(migrated_url(f"sqlite:///{tmp_path / 'queue.sqlite3'}"))
    migrate(engine)
    return QueueService(SqlQueueStore(engine))


def _dialog(qtbot, order: PortOrder, profiles, **kw) -> NumbersDialog:
    dialog = NumbersDialog(order, profiles, jobs=SyncJobRunner(), **kw)
    qtbot.addWidget(dialog)
    return dialog


def _column(dialog: NumbersDialog, col: int, role=Qt.ItemDataRole.DisplayRole) -> list:
    m = dialog.proxy
    return [m.data(m.index(r, col), role) for r in range(m.rowCount())]


def test_pasted_list_shows_each_problem_with_its_reason(qtbot, profiles):
    dialog = _dialog(qtbot, _order(), profiles)
    dialog.paste_box.setPlainText(MESSY)
    dialog.read_button.click()

    status = _column(dialog, COL_STATUS)
    assert len(status) == 6
    assert status[0] == "valid"
    assert status[1].startswith("Invalid: too short (8 digits")
    assert status[2].startswith("Duplicate")
    assert status[3].startswith("Toll-free number in a local order")
    assert _column(dialog, COL_KIND)[3] == "toll-free"
    assert status[4].startswith("Extension 12 is not ported")
    assert _column(dialog, COL_E164)[4] == "+13035550102"
    assert dialog.summary_label.text().startswith("4 numbers ready; 2 left out (1 invalid, 1 duplicate)")
    assert "local and toll-free mixed" in dialog.summary_label.text()
    left_out = dialog.left_out_label.text()
    assert "Left out (2)" in left_out and "303-555-01" in left_out and "duplicate of pasted, line 1" in left_out
    assert dialog.paste_box.toPlainText() == ""  # read into the table


def test_fixing_an_invalid_number_inline_makes_it_valid_at_once(qtbot, profiles):
    dialog = _dialog(qtbot, _order(), profiles)
    dialog.read_text(MESSY)
    bad = dialog.proxy.index(1, COL_INPUT)
    assert dialog.proxy.setData(bad, "303-555-0101")
    assert _column(dialog, COL_STATUS)[1] == "valid"
    assert _column(dialog, COL_E164)[1] == "+13035550101"
    assert "+13035550101" in dialog.valid_numbers()
    assert dialog.summary_label.text().startswith("5 numbers ready; 1 left out (1 duplicate)")


def test_fixing_the_first_copy_clears_the_duplicate_on_the_second(qtbot, profiles):
    dialog = _dialog(qtbot, _order(), profiles)
    dialog.read_text(MESSY)
    dialog.proxy.setData(dialog.proxy.index(0, COL_INPUT), "303-555-0105")
    assert _column(dialog, COL_STATUS)[2] == "valid"


def test_show_problems_only_hides_the_good_rows_and_remove_drops_rows(qtbot, profiles):
    dialog = _dialog(qtbot, _order(), profiles)
    dialog.read_text(MESSY)
    dialog.problems_only.setChecked(True)
    assert _column(dialog, COL_INPUT) == ["303-555-01", "303.555.0100", "1-800-555-0199", "303 555 0102 x12"]
    assert all(_column(dialog, 0, PROBLEM_ROLE))

    dialog.table.selectRow(0)
    dialog.remove_button.click()
    assert "303-555-01" not in _column(dialog, COL_INPUT)
    dialog.problems_only.setChecked(False)
    assert dialog.model.rowCount() == 5
    assert dialog.summary_label.text().startswith("4 numbers ready; 1 left out (1 duplicate)")


def test_add_to_order_returns_valid_numbers_once_and_keeps_the_order_numbers(qtbot, profiles):
    dialog = _dialog(qtbot, _order(numbers=["+13035550190"]), profiles)
    dialog.read_text(MESSY)
    with qtbot.waitSignal(dialog.numbers_accepted) as blocker:
        dialog.add_button.click()
    assert blocker.args[0] == ["+13035550190", "+13035550100", "+18005550199", "+13035550102", "+17205550110"]
    assert dialog.result() == dialog.DialogCode.Accepted


def test_csv_file_with_a_carrier_column_is_read(qtbot, profiles, tmp_path):
    path = tmp_path / "numbers.csv"
    path.write_text("Phone Number,Carrier\n(303) 555-0100,Lumen\n303-555-0177,Comcast\n", encoding="utf-8")
    dialog = _dialog(qtbot, _order(), profiles)
    dialog.read_files([path])
    assert _column(dialog, 0)[0] == "numbers.csv, line 2"
    assert dialog.carriers() == {"+13035550100": "Lumen", "+13035550177": "Comcast"}


def test_unreadable_file_is_reported_not_raised(qtbot, profiles, tmp_path):
    dialog = _dialog(qtbot, _order(), profiles)
    dialog.read_files([tmp_path / "nope.csv"])
    assert "nope.csv: no such file" in dialog.summary_label.text()


def test_split_creates_named_suspended_drafts_in_the_queue(qtbot, profiles, queue: QueueService):
    base = _order(profile="8x8", comments=[{"text": "customer prefers mornings"}])
    [base_id] = queue.create_orders([base], "amy")
    dialog = _dialog(qtbot, base, profiles,
                     create_drafts=lambda orders: queue.create_orders(orders, "amy", Status.DRAFT))
    dialog.read_text(MESSY + "303-555-0130\n")
    panel = dialog.split_panel
    assert panel.profile_box.currentData() == "8x8"
    assert panel.groups_table.rowCount() == 3  # 303-555 local, 720-555 local, toll-free
    assert panel.split_button.text() == "Split into 3 orders"

    with qtbot.waitSignal(dialog.drafts_created) as blocker:
        panel.split_button.click()

    ids = blocker.args[0]
    assert len(ids) == 3
    rows, _ = queue.page(Tab.SUSPENDED, sort="name", descending=False)
    by_name = {r.name: r for r in rows if r.id != base_id}
    assert sorted(by_name) == [f"ABC Company - Denver ({i}/3)" for i in (1, 2, 3)]
    assert all(r.status is Status.DRAFT for r in by_name.values())
    numbers = {name: queue.detail(r.id).order.numbers for name, r in by_name.items()}
    assert numbers["ABC Company - Denver (1/3)"] == ["+13035550100", "+13035550102", "+13035550130"]
    assert numbers["ABC Company - Denver (2/3)"] == ["+17205550110"]
    assert numbers["ABC Company - Denver (3/3)"] == ["+18005550199"]
    third = queue.detail(by_name["ABC Company - Denver (3/3)"].id)
    assert third.order.kind == "toll_free"
    assert third.order.account.name == "ABC Company, Inc." and third.order.losing_carrier == "Lumen"
    assert third.comments == []  # the base order's comments stay with it
    assert queue.detail(base_id).order.numbers == []  # the original order is left as it was


def test_numbers_model_passes_qt_model_tester(qtmodeltester, profiles):
    model = NumbersModel("local", profiles["kazoo"])
    model.add("pasted", numbers_import.read_pasted(MESSY))
    qtmodeltester.check(model, force_py=True)
    model.setData(model.index(1, COL_INPUT), "303-555-0101")
    model.remove_rows([0])


def test_problems_filter_passes_qt_model_tester_and_drops_fixed_rows(qtmodeltester, profiles):
    model = NumbersModel("local", profiles["kazoo"])
    model.add("pasted", numbers_import.read_pasted(MESSY))
    proxy = ProblemsFilter()
    proxy.setSourceModel(model)
    proxy.set_problems_only(True)
    qtmodeltester.check(proxy, force_py=True)
    model.setData(model.index(1, COL_INPUT), "303-555-0101")
    assert proxy.rowCount() == 3
