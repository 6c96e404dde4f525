"""Split preview: the fewest orders the chosen profile accepts for the numbers listed.

Shows one row per group (kind, NPA-NXX, losing carrier, count) and what is left out; the
"Split into N orders" button asks the dialog to create the drafts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from portdesk.domain.numbers import NumberEntry
from portdesk.domain.profiles import Profile
from portdesk.domain.split import SplitResult
from portdesk.services import numbers_import

GROUP_COLUMNS = ("#", "Kind", "NPA-NXX", "Carrier", "Count")
KIND_WORDS = {"local": "local", "toll_free": "toll-free", "mobile": "mobile (as local)", "other": "other"}


class SplitPanel(QGroupBox):
    split_requested = Signal()  # the coordinator asked for one draft per group

    def __init__(self, profiles: Mapping[str, Profile], profile_id: str | None, name: str,
                 parent: Any = None) -> None:
        super().__init__("Split into several orders", parent)
        self._profiles = dict(profiles)
        self._entries: list[NumberEntry] = []
        self._plan: SplitResult | None = None

        self.profile_box = QComboBox()
        for pid, profile in sorted(self._profiles.items(), key=lambda kv: kv[1].name.lower()):
            self.profile_box.addItem(profile.name, pid)
        at = self.profile_box.findData(profile_id) if profile_id else -1
        self.profile_box.setCurrentIndex(max(at, 0))
        self.name_edit = QLineEdit(name)
        self.name_edit.setPlaceholderText("name of the drafts")
        self.rules_label = QLabel()
        self.rules_label.setWordWrap(True)

        self.groups_table = QTableWidget(0, len(GROUP_COLUMNS))
        self.groups_table.setHorizontalHeaderLabels(GROUP_COLUMNS)
        self.groups_table.verticalHeader().setVisible(False)
        self.groups_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.groups_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.groups_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.groups_table.horizontalHeader().setStretchLastSection(True)
        self.left_out_label = QLabel()
        self.left_out_label.setWordWrap(True)
        self.split_button = QPushButton("Split")
        self.split_button.setToolTip("Create one draft per group in the Suspended tab; this order stays as it is.")

        form = QFormLayout()
        form.addRow("Profile", self.profile_box)
        form.addRow("Draft names", self.name_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.rules_label)
        layout.addWidget(self.groups_table, 1)
        layout.addWidget(self.left_out_label)
        layout.addWidget(self.split_button)

        self.profile_box.currentIndexChanged.connect(self._on_profile_changed)
        self.name_edit.textChanged.connect(self._on_name_changed)
        self.split_button.clicked.connect(self.split_requested)
        self._refresh()

    # -- API -------------------------------------------------------------------------------------
    def set_entries(self, entries: Sequence[NumberEntry]) -> None:
        self._entries = list(entries)
        self._refresh()

    def profile(self) -> Profile | None:
        return self._profiles.get(self.profile_box.currentData())

    def plan(self) -> SplitResult | None:
        return self._plan

    def draft_name(self) -> str:
        return self.name_edit.text().strip()

    # -- slots -------------------------------------------------------------------------------------
    def _on_profile_changed(self, _index: int) -> None:
        self._refresh()

    def _on_name_changed(self, _text: str) -> None:
        self._update_button()

    # -- helpers -------------------------------------------------------------------------------------
    def _refresh(self) -> None:
        profile = self.profile()
        self._plan = numbers_import.plan_split(self._entries, profile) if profile else None
        self.rules_label.setText(_rules_text(profile) if profile else "No profile is installed.")
        groups = self._plan.groups if self._plan else ()
        self.groups_table.setRowCount(len(groups))
        for row, group in enumerate(groups):
            npa = f"{group.npa_nxx[:3]}-{group.npa_nxx[3:]}" if group.npa_nxx else "any"
            cells = (str(row + 1), KIND_WORDS.get(group.kind, group.kind), npa,
                     group.losing_carrier or "(order's)", str(len(group.numbers)))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(", ".join(group.numbers[:20]) + (" …" if len(group.numbers) > 20 else ""))
                self.groups_table.setItem(row, col, item)
        self.left_out_label.setText(_left_out_text(self._plan, profile))
        self._update_button()

    def _update_button(self) -> None:
        count = len(self._plan.groups) if self._plan else 0
        if count >= 2:
            self.split_button.setText(f"Split into {count} orders")
        elif count == 1:
            self.split_button.setText("Fits in one order: no split needed")
        else:
            self.split_button.setText("Nothing to split")
        self.split_button.setEnabled(count >= 2 and bool(self.draft_name()))


def _rules_text(profile: Profile) -> str:
    rules = [f"at most {profile.split_size} numbers" if profile.split_size else "no number limit"]
    rules.append("one kind each (local apart from toll-free)")
    if profile.one_npa_nxx:
        rules.append("one NPA-NXX each")
    if profile.one_losing_carrier:
        rules.append("one losing carrier each")
    return f"{profile.name}: " + ", ".join(rules) + " per order."


def _left_out_text(plan: SplitResult | None, profile: Profile | None) -> str:
    """What goes in no draft, counted by reason (the dialog lists each entry)."""
    if plan is None:
        return ""
    parts = [f"{len(plan.invalid)} invalid"] if plan.invalid else []
    parts += [f"{len(plan.duplicates)} repeated"] if plan.duplicates else []
    if plan.unsupported and profile is not None:
        parts.append(f"{len(plan.unsupported)} from a country {profile.name} does not serve")
    total = len(plan.invalid) + len(plan.duplicates) + len(plan.unsupported)
    if not total:
        return ""
    return f"Left out of every draft: {total} ({', '.join(parts)})."
