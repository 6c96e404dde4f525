"""Step 3: the account exactly as the losing carrier has it, with inline checks as you type and the
bill beside the form (the viewer: live status per field, fill from the bill).

The carrier matches every character, so each field shows what the rules say about it a moment
after typing stops; the account-name limit of the profile comes with 2600Hz's advice and a button
that applies it (first N characters now, the full name as a comment when the order is submitted).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from portdesk.domain.numbers import to_e164
from portdesk.ui.widgets import theme
from portdesk.ui.wizard.address_fields import AddressFields
from portdesk.ui.wizard.base import (
    WizardPage,
    add_row,
    describe_findings,
    line_edit,
    note_label,
    text_or_none,
)
from portdesk.ui.wizard.bill_marks import COLOURS, set_mark
from portdesk.ui.wizard.bill_side import BillSide
from portdesk.ui.wizard.context import WizardContext
from portdesk.ui.wizard.formatting import national
from portdesk.ui.wizard.intake import forget, from_bill

CHECK_DELAY_MS = 300
CARRIERS = ("AT&T", "Lumen", "CenturyLink", "Verizon", "Comcast Business", "Spectrum", "Cox", "Frontier",
            "Windstream", "Consolidated Communications", "RingCentral", "8x8", "Vonage", "Bandwidth")
ADDRESS_FIELDS = ("account.service_address.line1", "account.service_address.line2",
                  "account.service_address.city", "account.service_address.state",
                  "account.service_address.postal_code")


class AccountPage(WizardPage):
    title = "Account"
    subtitle = ("Type every field exactly as the losing carrier's bill or CSR shows it: a single comma or "
                "space can get the order rejected.")

    def __init__(self, ctx: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # a narrow pane puts labels above
        self.carrier = line_edit("as on the bill, e.g. Lumen")
        completer = QCompleter(list(CARRIERS), self)
        # Completed in the field, not offered in a popup list: a popup takes the next click anywhere only
        # to close itself, and the click on Next was lost.
        completer.setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.carrier.setCompleter(completer)
        self.account_name = line_edit("ABC Company, Inc.")
        self.name_count = QLabel()
        self.name_count.setAccessibleName("Account name length")
        self.name_count.setWordWrap(True)  # it quotes the full name: it must not widen the form
        self.truncate_button = QPushButton("&Keep the first 25 characters")
        self.truncate_button.setToolTip("The provider's form takes 25 characters; the full name goes to the "
                                        "carrier as a comment on submit, and onto the LOA")
        self.account_number = line_edit("8812-5520-01")
        self.pin = line_edit("only if the carrier uses one")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.show_pin = QPushButton("Sho&w")
        self.show_pin.setCheckable(True)
        self.show_pin.setAccessibleName("Show the PIN")
        self.btn = line_edit("(303) 555-0100")
        self.authorized = line_edit("the person who signs the LOA")
        self.address = AddressFields()
        self.notes: dict[str, QLabel] = {}
        self.from_bill_note = note_label()
        self.from_bill_note.setAccessibleName("Fields from the bill")
        self.from_bill_note.hide()
        form.addRow(self.from_bill_note)

        add_row(form, "Losing carri&er:", self.carrier, "Losing carrier")
        self._note(form, "losing_carrier")
        add_row(form, "Account na&me:", self.account_name, "Account name")
        form.addRow("", self.name_count)
        form.addRow(self.truncate_button)  # the whole width: beside the captions it would not fit a narrow pane
        self._note(form, "account.name")
        add_row(form, "Account numbe&r:", self.account_number, "Account number")
        self._note(form, "account.number")
        pin_row = QHBoxLayout()
        pin_row.addWidget(self.pin, 1)
        pin_row.addWidget(self.show_pin)
        caption = QLabel("P&IN:")
        caption.setBuddy(self.pin)
        self.pin.setAccessibleName("Port-out PIN (hidden)")
        form.addRow(caption, _wrap(pin_row))
        self._note(form, "account.pin")
        add_row(form, "Billin&g telephone number (BTN):", self.btn, "Billing telephone number")
        self._note(form, "account.btn")
        add_row(form, "Aut&horised user:", self.authorized, "Authorised user")
        self._note(form, "account.authorized_user")
        heading = QLabel("<b>Service address</b> (where the lines are installed, never a PO box)")
        heading.setWordWrap(True)
        form.addRow(heading)
        form.addRow(self.address)
        self._note(form, "address")

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addLayout(form)
        left_layout.addStretch(1)
        self.bill_side = BillSide(ctx)
        # WHY a scroll area: a hint that grows as you type (the character count, the address preview)
        # would raise the form's minimum width, move the splitter and re-lay-out the bill viewer on every
        # keystroke (a 50-200 ms stall with a 20-page bill); inside a scroll area it stays put.
        form_scroll = QScrollArea()
        form_scroll.setWidget(left)
        form_scroll.setWidgetResizable(True)
        form_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # Never wider than its pane: messages wrap instead (a sideways scroll cut them mid-sentence).
        form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        form_scroll.setMinimumWidth(440)
        self.form_scroll = form_scroll
        form_scroll.setAccessibleName("Account fields")
        split = QSplitter()
        split.addWidget(form_scroll)
        split.addWidget(self.bill_side)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        # The bill gets the larger share: read at fit-width, it must stay legible beside the form.
        self.bill_side.setMinimumWidth(380)
        split.setSizes([470, 810])
        split.setCollapsible(1, False)
        QVBoxLayout(self).addWidget(split)

        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self._on_check_timeout)
        for edit in (self.carrier, self.account_name, self.account_number, self.pin, self.btn, self.authorized):
            edit.textEdited.connect(self._on_field_edited)
        self.address.edited.connect(self._on_field_edited)
        self.show_pin.toggled.connect(self._on_show_pin_toggled)
        self.truncate_button.clicked.connect(self._on_truncate_clicked)
        self.bill_side.field_filled.connect(self._on_field_filled)
        for key, widget in self.field_widgets().items():
            self._forget_on_user_edit(key, widget)
        # "is empty" waits until a field was left (or Next was pressed): an untouched form is not wrong yet.
        self._left: set[str] = set()
        self._show_every = False
        self._note_of_widget: dict[QWidget, str] = {
            self.carrier: "losing_carrier", self.account_name: "account.name", self.account_number: "account.number",
            self.pin: "account.pin", self.btn: "account.btn", self.authorized: "account.authorized_user"}
        for widget in self.address.edits():
            self._note_of_widget[widget] = "address"
            if isinstance(widget, QComboBox) and widget.lineEdit() is not None:
                self._note_of_widget[widget.lineEdit()] = "address"
        for widget in self._note_of_widget:
            widget.installEventFilter(self)

    def field_widgets(self) -> dict[str, QWidget]:
        """Every field intake can propose, by the key the wizard state marks it with."""
        widgets: dict[str, QWidget] = {
            "losing_carrier": self.carrier, "account.name": self.account_name,
            "account.number": self.account_number, "account.btn": self.btn,
            "account.authorized_user": self.authorized}
        widgets.update({f"address.{k}": w for k, w in self.address.part_widgets().items()})
        return widgets

    def _forget_on_user_edit(self, key: str, widget: QWidget) -> None:
        """Typing over a proposal (or picking from a list) makes it the coordinator's: its mark goes."""
        def forget_mark(*_: object) -> None:
            if key in from_bill(self.ctx):
                forget(self.ctx, key)
                set_mark(widget, None)
                self._show_from_bill_note()

        if isinstance(widget, QComboBox):
            widget.activated.connect(forget_mark)
            edit = widget.lineEdit()
            if edit is not None:
                edit.textEdited.connect(forget_mark)
        elif isinstance(widget, QLineEdit):
            widget.textEdited.connect(forget_mark)

    def show_from_bill(self) -> None:
        """Mark each field whose value intake proposed and the coordinator has not edited."""
        marks = from_bill(self.ctx)
        for key, widget in self.field_widgets().items():
            mark = marks.get(key)
            set_mark(widget, mark.get("confidence") if mark else None, mark.get("page") if mark else None)
        self._show_from_bill_note()

    def _show_from_bill_note(self) -> None:
        marks = from_bill(self.ctx)
        low = sum(1 for m in marks.values() if m.get("confidence") != "high")
        if not marks:
            self.from_bill_note.hide()
            return
        text = (f"<span style='color:{theme.hex_of(COLOURS['high'])}'>●</span> {len(marks)} field"
                f"{'s' if len(marks) != 1 else ''} read from the bill: check each against the bill beside "
                "the form, then go on. Nothing is confirmed until you do.")
        if low:
            text += (f"<br><span style='color:{theme.hex_of(COLOURS['low'])}'>●</span> {low} of them PortDesk is not sure "
                     "of (marked ?): check those closely.")
        self.from_bill_note.setText(text)
        self.from_bill_note.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and watched in self._note_of_widget:
            self._left.add(self._note_of_widget[watched])  # type: ignore[index]
            self._show_notes()
        return False

    def leaving(self) -> None:
        """Next (or any step change) was pressed: from now on every empty field is named."""
        self._show_every = True

    def _note(self, form: QFormLayout, key: str) -> None:
        label = note_label()
        label.hide()
        self.notes[key] = label
        form.addRow("", label)

    # -- loading and writing -----------------------------------------------------------------------
    def load(self) -> None:
        order = self.ctx.order
        acc = order.account
        with self.loading():
            self.carrier.setText(order.losing_carrier or "")
            self.account_name.setText(acc.name or "")
            self.account_number.setText(acc.number or "")
            self.pin.setText(acc.pin or "")
            self.btn.setText(national(acc.btn))
            self.authorized.setText(acc.authorized_user or "")
            self.address.load(acc.service_address)
        self.show_from_bill()
        self._show_name_limit()

    def entered(self) -> None:
        self.bill_side.show_bill()
        self._show_notes()
        # WHY later: the bill check runs on the PDF thread and MuPDF holds the GIL while it reads; started
        # now it would stall the first paint of this step (measured: +70 ms), so it starts after it.
        self._check_timer.start()

    def _apply(self) -> None:
        order = self.ctx.order
        acc = order.account
        order.losing_carrier = text_or_none(self.carrier)
        acc.name = text_or_none(self.account_name)
        acc.number = text_or_none(self.account_number)
        acc.pin = text_or_none(self.pin)
        btn = text_or_none(self.btn)
        acc.btn = (to_e164(btn) or btn) if btn else None
        acc.authorized_user = text_or_none(self.authorized)
        self.address.apply(acc.service_address)

    def _on_field_edited(self, *_: object) -> None:
        if self._loading:
            return
        self._apply()
        self._show_name_limit()
        self._check_timer.start()
        self._changed()

    def _on_field_filled(self, name: str, text: str) -> None:
        """The viewer filled a field from the bill: show it here and save it."""
        widgets = {"losing_carrier": self.carrier, "account.name": self.account_name, "account.number": self.account_number,
                   "account.btn": self.btn, "account.authorized_user": self.authorized,
                   "account.service_address.line1": self.address.street,
                   "account.service_address.line2": self.address.unit,
                   "account.service_address.city": self.address.city,
                   "account.service_address.state": self.address.state,
                   "account.service_address.postal_code": self.address.zip}
        widget = widgets.get(name)
        if widget is None:
            return
        if name.endswith("line1"):
            self.address.fill_street_line(text)  # the parts a carrier takes separately, not just Street
        else:
            widget.setText(text)
            self.address.refresh_preview()
        self._on_field_edited()

    # -- the account-name rule -------------------------------------------------------------------------
    def _show_name_limit(self) -> None:
        limit = self.ctx.profile.account_name_max
        name = self.account_name.text()
        full = self.ctx.state.get("full_account_name")
        if not limit:
            self.name_count.setText(f"{len(name)} characters")
            self.truncate_button.hide()
            return
        over = len(name) > limit
        text = f"{len(name)} of {limit} characters"
        if full and not over:
            text += f" — the full name “{full}” goes to the carrier as a comment on submit"
        self.name_count.setText(text)
        style = theme.style("error") if over else ""
        if self.name_count.styleSheet() != style:  # re-polishing on every keystroke costs a layout pass
            self.name_count.setStyleSheet(style)
        self.truncate_button.setText(f"&Keep the first {limit} characters")
        self.truncate_button.setVisible(over)

    def _on_truncate_clicked(self) -> None:
        limit = self.ctx.profile.account_name_max
        full = self.account_name.text().strip()
        if not limit or len(full) <= limit:
            return
        self.ctx.state["full_account_name"] = full
        self.account_name.setText(full[:limit])
        self._on_field_edited()

    def _on_show_pin_toggled(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.pin.setEchoMode(mode)
        self.show_pin.setText("Hide" if shown else "Sho&w")

    # -- inline checks ---------------------------------------------------------------------------------
    def _on_check_timeout(self) -> None:
        # The notes under the fields change only when a field is left or the step is entered, never on a
        # timer while typing: a note appearing moves the fields below it, and a click aimed at one of them
        # landed between fields. The bill's statuses (beside the form) follow the typing.
        self.bill_side.order_changed()

    def _show_notes(self) -> None:
        findings = self.ctx.findings()
        for key, label in self.notes.items():
            if key == "address":
                mine = [f for f in findings if f.field in ADDRESS_FIELDS]
            else:
                mine = [f for f in findings if f.field == key]
            if not (self._show_every or key in self._left):
                mine = [f for f in mine if f.code != "FIELD_REQUIRED"]
            label.setText(describe_findings(mine))
            label.setVisible(bool(mine))


def _wrap(layout: QHBoxLayout) -> QWidget:
    layout.setContentsMargins(0, 0, 0, 0)
    holder = QWidget()
    holder.setLayout(layout)
    return holder

