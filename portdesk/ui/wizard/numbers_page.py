"""Step 4: the numbers to port. Paste them here or import a list (the numbers dialog: files, fixes);
the BTN is spotted and the full/partial question asked; a partial port that takes the BTN asks for
the new one; over the profile's limit the split into several drafts happens right here; numbers on
the bill but not on the order are offered as a hint.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from portdesk.domain.numbers import to_e164
from portdesk.services import numbers_import
from portdesk.ui.numbers.numbers_dialog import NumbersDialog
from portdesk.ui.wizard.base import (
    ERROR_STYLE,
    WARNING_STYLE,
    WizardPage,
    add_row,
    describe_findings,
    line_edit,
    note_label,
    text_or_none,
)
from portdesk.ui.wizard.context import WizardContext
from portdesk.ui.wizard.formatting import national, plural
from portdesk.ui.wizard.numbers_rules import btn_leaving, merge_numbers, over_limit, set_carriers, split_parts
from portdesk.ui.wizard.portability_box import PortabilityBox

CHECK_DELAY_MS = 300
MY_FIELDS = ("numbers", "port_type", "new_btn", "kind")
SHOWN_BILL_HINT = 8


def ask_yes_no(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text)
    return answer == QMessageBox.StandardButton.Yes


class NumbersPage(WizardPage):
    title = "Numbers"
    subtitle = ("List every number that moves. Paste them in any format, or import a spreadsheet; each one is "
                "checked as it is added.")
    drafts_created = Signal(list)  # ids of the drafts a split made

    def __init__(self, ctx: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.confirm: Callable[[QWidget, str, str], bool] = ask_yes_no  # tests answer for the coordinator
        self.dialog: NumbersDialog | None = None

        self.paste_box = QPlainTextEdit()
        self.paste_box.setPlaceholderText("Paste numbers here: one or many per line, any format "
                                          "(303-555-0100, (303) 555.0101, +1 303 555 0102)…")
        self.paste_box.setMaximumHeight(72)
        self.paste_box.setTabChangesFocus(True)  # Tab leaves the box: keyboard-only stays possible
        self.paste_box.setAccessibleName("Numbers to add")
        self.add_button = QPushButton("&Add pasted numbers")
        self.add_button.setToolTip("Ctrl+Enter in the box")
        self.import_button = QPushButton("&Import or fix a list…")
        self.import_button.setToolTip("Open a CSV or XLSX file, see each number judged, fix or remove them")
        self.left_out = note_label(style=ERROR_STYLE)
        self.left_out.setAccessibleName("Numbers not added")
        self.left_out.hide()

        self.list = QListWidget()
        self.list.setAccessibleName("Numbers on this order")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setMinimumHeight(140)
        self.remove_button = QPushButton("&Remove selected")
        self.remove_button.setToolTip("Delete")
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Number count")

        self.bill_hint = note_label(style=WARNING_STYLE)
        self.bill_hint.setAccessibleName("Numbers on the bill")
        self.bill_add_button = QPushButton("Add the bill's other n&umbers")
        self.limit_label = note_label(style=WARNING_STYLE)
        self.limit_label.setAccessibleName("Number limit")
        self.split_button = QPushButton()
        self.limit_box = QWidget()
        limit_row = QHBoxLayout(self.limit_box)
        limit_row.setContentsMargins(0, 0, 0, 0)
        limit_row.addWidget(self.limit_label, 1)
        limit_row.addWidget(self.split_button)

        self.question = QGroupBox("Is every number on the account leaving?")
        self.question_label = note_label()
        self.full_radio = QRadioButton("&Full port: every number on the account moves; the account closes")
        self.partial_radio = QRadioButton("&Partial port: some numbers stay with the losing carrier")
        self.port_group = QButtonGroup(self)
        self.port_group.addButton(self.full_radio)
        self.port_group.addButton(self.partial_radio)
        self.full_radio.setAccessibleName("Full port")
        self.partial_radio.setAccessibleName("Partial port")
        self.new_btn = line_edit("a number that stays, e.g. (303) 555-0150")
        self.new_btn_note = note_label()
        new_btn_form = QFormLayout()
        self.new_btn_caption = add_row(new_btn_form, "New &BTN for the numbers that stay:", self.new_btn,
                                       "New billing telephone number")
        new_btn_form.addRow("", self.new_btn_note)
        self.new_btn_box = QWidget()
        self.new_btn_box.setLayout(new_btn_form)
        box = QVBoxLayout(self.question)
        box.addWidget(self.question_label)
        box.addWidget(self.full_radio)
        box.addWidget(self.partial_radio)
        box.addWidget(self.new_btn_box)

        self.findings_label = note_label()
        self.findings_label.setAccessibleName("Problems with the numbers")
        self._build_portability()
        self._build_layout()
        self._connect()
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.refresh_checks)

    def _build_portability(self) -> None:
        """The provider's check, where a connection for the order's profile can do it."""
        service = self.ctx.adapters.portability
        self.portability: PortabilityBox | None = None
        if service is not None:
            self.portability = PortabilityBox(service, self.ctx.adapters.jobs)
            self.portability.checked.connect(lambda *_: self._show())

    def _build_layout(self) -> None:
        paste_row = QHBoxLayout()
        paste_row.addWidget(self.paste_box, 1)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        paste_row.addLayout(buttons)
        list_bar = QHBoxLayout()
        list_bar.addWidget(self.count_label, 1)
        list_bar.addWidget(self.remove_button)
        bill_row = QHBoxLayout()
        bill_row.addWidget(self.bill_hint, 1)
        bill_row.addWidget(self.bill_add_button, 0, Qt.AlignmentFlag.AlignTop)
        self.bill_box = QWidget()
        self.bill_box.setLayout(bill_row)
        bill_row.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.addLayout(paste_row)
        layout.addWidget(self.left_out)
        layout.addLayout(list_bar)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.limit_box)
        layout.addWidget(self.bill_box)
        layout.addWidget(self.question)
        if self.portability is not None:
            layout.addWidget(self.portability)
        layout.addWidget(self.findings_label)

    def _connect(self) -> None:
        self.add_button.clicked.connect(self._on_add_clicked)
        QShortcut(QKeySequence("Ctrl+Return"), self.paste_box, self._on_add_clicked)
        QShortcut(QKeySequence.StandardKey.Delete, self.list, self._on_remove_clicked)
        self.import_button.clicked.connect(self._on_import_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.bill_add_button.clicked.connect(self._on_bill_add_clicked)
        self.split_button.clicked.connect(self._on_split_clicked)
        self.port_group.buttonToggled.connect(self._on_port_type_toggled)
        self.new_btn.textEdited.connect(self._on_new_btn_edited)

    # -- showing ---------------------------------------------------------------------------------
    def load(self) -> None:
        order = self.ctx.order
        with self.loading():
            self.port_group.setExclusive(False)  # lets both radios show "not answered yet"
            self.full_radio.setChecked(order.port_type == "full")
            self.partial_radio.setChecked(order.port_type == "partial")
            self.port_group.setExclusive(True)
            self.new_btn.setText(national(order.new_btn))
        self._show()

    def entered(self) -> None:
        self._show()
        if self.portability is not None:  # which connection: on the db pool; the check: on the net pool
            self.portability.set_profile(self.ctx.order.profile or self.ctx.adapters.default_profile,
                                         self.ctx.order.numbers)

    def _show(self) -> None:
        order = self.ctx.order
        btn = to_e164(order.account.btn) if order.account.btn else None
        self.list.clear()
        for number in order.numbers:
            text = national(number)
            if btn and (to_e164(number) or number) == btn:
                text += "   ← the BTN (billing number)"
            refused = self._not_portable(number)
            if refused:
                text += f"   ✗ cannot port: {refused}"
            self.list.addItem(text)
        if self.portability is not None:
            self.portability.numbers = list(order.numbers)
        profile = self.ctx.profile
        limit = f"; {profile.name} takes up to {profile.max_numbers} per order" if profile.max_numbers else ""
        self.count_label.setText(f"<b>{plural(len(order.numbers), 'number')}</b> on this order{limit}")
        self.remove_button.setEnabled(bool(order.numbers))
        self._show_question()
        self._show_limit()
        self._show_bill_hint()
        self.refresh_checks()

    def _not_portable(self, number: str) -> str | None:
        result = self.portability.result if self.portability is not None else None
        return result.not_portable.get(number) if result is not None else None

    def _show_question(self) -> None:
        order = self.ctx.order
        leaving = btn_leaving(order)
        self.question.setVisible(bool(order.numbers))
        if leaving:
            self.question.setTitle("The BTN is leaving: full account or some numbers?")
            self.question_label.setText(
                f"The billing number <b>{national(leaving)}</b> is in this list. The losing carrier must know "
                "whether the whole account moves or only some of its numbers.")
        else:
            self.question.setTitle("Is every number on the account leaving?")
            self.question_label.setText("The BTN stays with the losing carrier, so a partial port needs no new BTN.")
        needs_new = bool(leaving) and order.port_type == "partial"
        self.new_btn_box.setVisible(needs_new)

    def _show_limit(self) -> None:
        over = over_limit(self.ctx.order, self.ctx.profile)
        self.limit_box.setVisible(over is not None)
        if over is None:
            return
        count, parts = over
        profile = self.ctx.profile
        self.limit_label.setText(
            f"{count} numbers is more than the {profile.max_numbers} {profile.name} takes in one request. "
            f"Split them into {parts} orders here: this draft keeps the first part, the others become drafts "
            "in Suspended with a copy of the bill.")
        self.split_button.setText(f"&Split into {parts} orders…")

    def bill_only_numbers(self) -> list[str]:
        """The bill's numbers not on the order: from the bill check, and from intake (which has read them
        before any check ran), in the bill's order."""
        check, intake = self.ctx.bill_check, self.ctx.intake
        on_bill = list(check.on_bill_not_on_order) if check is not None else []
        if intake is not None:
            on_bill += [n for n in intake.numbers if n not in on_bill]
        have = {to_e164(n) or n for n in self.ctx.order.numbers}
        return [n for n in on_bill if n not in have]

    def _show_bill_hint(self) -> None:
        missing = self.bill_only_numbers()
        self.bill_box.setVisible(bool(missing))
        if not missing:
            return
        shown = ", ".join(national(n) for n in missing[:SHOWN_BILL_HINT])
        more = f" and {len(missing) - SHOWN_BILL_HINT} more" if len(missing) > SHOWN_BILL_HINT else ""
        if not self.ctx.order.numbers:
            self.bill_hint.setText(f"The bill lists {len(missing)} number{'s' if len(missing) != 1 else ''}: "
                                   f"{shown}{more}. Add them all (Alt+U), then remove any that stay.")
            self.bill_add_button.setText(f"Add the bill's {len(missing)} n&umbers")
            return
        self.bill_add_button.setText("Add the bill's other n&umbers")
        self.bill_hint.setText(
            f"On the bill but not on this order: {shown}{more}. If they leave too, add them; if they stay, "
            "this is a partial port.")

    def refresh_checks(self) -> None:
        findings = [f for f in self.ctx.findings() if f.field.startswith(MY_FIELDS)]
        new_btn = [f for f in findings if f.field == "new_btn"]
        self.new_btn_note.setText(describe_findings(new_btn))
        self.new_btn_note.setVisible(bool(new_btn))
        rest = [f for f in findings if f.field != "new_btn" and f.code != "TOO_MANY_NUMBERS"]
        self.findings_label.setText(describe_findings(rest))
        self.findings_label.setVisible(bool(rest))

    # -- editing -----------------------------------------------------------------------------------
    def add_text(self, text: str) -> int:
        """Read pasted text, add the good numbers, say what was left out; how many were added."""
        entries = numbers_import.read_pasted(text)
        added = merge_numbers(self.ctx.order, numbers_import.valid_numbers(entries),
                              numbers_import.carriers_of(entries))
        gone = numbers_import.left_out(entries)
        self.left_out.setText("Not added: " + "; ".join(f"“{g.input}” ({g.reason})" for g in gone[:6])
                              + (f" and {len(gone) - 6} more" if len(gone) > 6 else "") if gone else "")
        self.left_out.setVisible(bool(gone))
        if added:
            self._numbers_changed()
        return added

    def _numbers_changed(self) -> None:
        self._show()
        self._changed()

    def _on_add_clicked(self) -> None:
        text = self.paste_box.toPlainText()
        if text.strip():
            self.add_text(text)
            self.paste_box.clear()

    def _on_remove_clicked(self) -> None:
        rows = sorted({i.row() for i in self.list.selectedIndexes()}, reverse=True)
        if not rows:
            return
        for row in rows:
            del self.ctx.order.numbers[row]
        set_carriers(self.ctx.order, {})
        self._numbers_changed()

    def _on_bill_add_clicked(self) -> None:
        if merge_numbers(self.ctx.order, self.bill_only_numbers()):
            self._numbers_changed()

    def _on_import_clicked(self) -> None:
        """The numbers dialog on this order's numbers: what it accepts replaces the list."""
        ctx = self.ctx
        dialog = NumbersDialog(ctx.order, ctx.adapters.profiles, read_spreadsheet=ctx.adapters.read_spreadsheet,
                               jobs=ctx.adapters.jobs, parent=self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.split_panel.setToolTip("Split here in the wizard instead (the button under the list)")
        dialog.numbers_accepted.connect(lambda numbers: self._on_dialog_accepted(numbers, dialog.carriers()))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.show()

    def _on_dialog_accepted(self, numbers: list[str], carriers: dict[str, str]) -> None:
        self.ctx.order.numbers = list(numbers)
        set_carriers(self.ctx.order, carriers)
        self._numbers_changed()

    def _on_port_type_toggled(self, *_: object) -> None:
        if self._loading:
            return
        order = self.ctx.order
        order.port_type = "full" if self.full_radio.isChecked() else "partial" if self.partial_radio.isChecked() \
            else None
        if order.port_type == "full":
            order.new_btn = None
        self._show_question()
        if self.new_btn_box.isVisible():
            self.new_btn.setFocus(Qt.FocusReason.OtherFocusReason)
        self.refresh_checks()
        self._changed()

    def _on_new_btn_edited(self, _text: str) -> None:
        typed = text_or_none(self.new_btn)
        self.ctx.order.new_btn = (to_e164(typed) or typed) if typed else None
        self._check_timer.start()
        self._changed()

    # -- splitting -----------------------------------------------------------------------------------
    def _on_split_clicked(self) -> None:
        ctx = self.ctx
        name = ctx.order.display_name()
        parts = split_parts(ctx.order, ctx.profile, name)
        if len(parts) < 2:
            return
        sizes = ", ".join(str(len(p.numbers)) for p in parts)
        if not self.confirm(self, "Split into several orders",
                            f"Split these {len(ctx.order.numbers)} numbers into {len(parts)} orders ({sizes} "
                            f"numbers), named “{parts[0].name}” … “{parts[-1].name}”? This draft keeps the "
                            "first part; the others appear in Suspended with a copy of the bill."):
            return
        if not ctx.flush() or ctx.draft is None:
            self.limit_label.setText("The draft could not be saved, so it was not split. Try again.")
            return
        try:
            drafts, order_id, seen = ctx.adapters.drafts, ctx.draft.order_id, ctx.draft.version
            version, ids = ctx.db.call(lambda: drafts.split(order_id, parts, seen, step=3))
        except Exception as exc:  # a concurrent edit or a locked database: nothing was written
            self.limit_label.setText(f"The order was not split: {exc}")
            return
        ctx.draft.version = version
        first = parts[0]
        ctx.order.name, ctx.order.kind, ctx.order.numbers = first.name, first.kind, list(first.numbers)
        ctx.order.documents.pop("loa", None)
        set_carriers(ctx.order, {})
        self.limit_label.setText("")
        self._show()
        self.drafts_created.emit(ids)
        self.edited.emit()  # the name changed: step 1 shows it, the window saves nothing new
