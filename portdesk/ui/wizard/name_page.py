"""Step 1: the request's name, local or toll-free, and the gaining provider whose rules apply."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from portdesk.domain.order import PortOrder
from portdesk.ui.wizard.base import WizardPage, add_row, line_edit, note_label
from portdesk.ui.wizard.context import WizardContext


def suggested_name(order: PortOrder) -> str | None:
    """ "Company - City" from the account name and the service city (how coordinators find it again)."""
    company = (order.account.name or "").strip()
    city = (order.account.service_address.city or "").strip()
    if not company:
        return None
    return f"{company} - {city}" if city else company


class NamePage(WizardPage):
    title = "Name and type"
    subtitle = "Name the request, say which kind of numbers move, and pick the provider that receives them."

    def __init__(self, ctx: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        form = QFormLayout()
        self.name_edit = line_edit("e.g. ABC Company - Denver", 128)
        self.suggest_button = QPushButton("S&uggest from the account")
        self.suggest_button.setToolTip("Company - City, from the account name and the service address")
        row = QHBoxLayout()
        row.addWidget(self.name_edit, 1)
        row.addWidget(self.suggest_button)
        holder = QWidget()
        holder.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        add_row(form, "Request na&me:", self.name_edit, "Request name")
        form.addRow("", holder)
        self.local_radio = QRadioButton("Lo&cal numbers")
        self.toll_free_radio = QRadioButton("&Toll-free numbers (800, 888, 877 …)")
        self.kind_group = QButtonGroup(self)
        self.kind_group.addButton(self.local_radio)
        self.kind_group.addButton(self.toll_free_radio)
        self.local_radio.setAccessibleName("Kind: local")
        self.toll_free_radio.setAccessibleName("Kind: toll-free")
        kinds = QVBoxLayout()
        kinds.addWidget(self.local_radio)
        kinds.addWidget(self.toll_free_radio)
        kinds_box = QWidget()
        kinds_box.setLayout(kinds)
        kinds.setContentsMargins(0, 0, 0, 0)
        form.addRow("Kind:", kinds_box)
        self.profile_combo = QComboBox()
        for profile in sorted(ctx.adapters.profiles.values(), key=lambda p: p.name.lower()):
            self.profile_combo.addItem(profile.name, profile.id)
        add_row(form, "Gaining &provider:", self.profile_combo, "Gaining provider profile")
        self.notes = note_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.notes)
        layout.addStretch(1)
        self.setTabOrder(self.name_edit, self.suggest_button)
        self.setTabOrder(self.suggest_button, self.local_radio)
        self.setTabOrder(self.local_radio, self.profile_combo)

        self.name_edit.textEdited.connect(self._on_name_edited)
        self.suggest_button.clicked.connect(self._on_suggest_clicked)
        self.kind_group.buttonToggled.connect(self._on_kind_toggled)
        self.profile_combo.currentIndexChanged.connect(self._on_profile_changed)

    def load(self) -> None:
        order = self.ctx.order
        with self.loading():
            self.name_edit.setText(order.name or "")
            self.toll_free_radio.setChecked(order.kind == "toll_free")
            self.local_radio.setChecked(order.kind != "toll_free")
            if order.kind is None:
                order.kind = "local"  # the common case; one click changes it
            index = self.profile_combo.findData(self.ctx.profile.id)
            self.profile_combo.setCurrentIndex(max(index, 0))
            if order.profile is None:
                order.profile = self.profile_combo.currentData()
        self._show_notes()

    def entered(self) -> None:
        self.suggest_button.setEnabled(suggested_name(self.ctx.order) is not None)

    def _on_name_edited(self, text: str) -> None:
        self.ctx.order.name = text.strip() or None
        self._changed()

    def _on_suggest_clicked(self) -> None:
        name = suggested_name(self.ctx.order)
        if name:
            self.name_edit.setText(name)
            self._on_name_edited(name)

    def _on_kind_toggled(self, *_: object) -> None:
        self.ctx.order.kind = "toll_free" if self.toll_free_radio.isChecked() else "local"
        self._changed()

    def _on_profile_changed(self, _index: int) -> None:
        self.ctx.order.profile = self.profile_combo.currentData()
        self._show_notes()
        self._changed()

    def _show_notes(self) -> None:
        profile = self.ctx.profile
        lines = [f"<b>{profile.name}</b>"] + [f"• {n}" for n in profile.notes]
        self.notes.setText("<br>".join(lines))
