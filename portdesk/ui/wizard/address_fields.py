"""The service address in the parts carriers match on: number, pre-direction, street, type,
post-direction, unit, city, state, ZIP (2600Hz's `street_number` … `postal_code`).

The parts are kept in the order file's service_address as unknown keys, so they round-trip; line1 and
line2 are composed from them, because the order file, the LOA and the rules read those lines.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QWidget

from portdesk.domain.address_parts import AddressParts, parse_us_street
from portdesk.domain.order import ServiceAddress
from portdesk.ui.wizard.base import line_edit

PARTS = ("street_number", "pre_direction", "street_name", "street_type", "post_direction", "unit")
DIRECTIONS = ("", "N", "S", "E", "W", "NE", "NW", "SE", "SW")
STREET_TYPES = ("", "St", "Ave", "Blvd", "Rd", "Dr", "Ln", "Way", "Ct", "Pl", "Pkwy", "Hwy", "Cir", "Ter",
                "Street", "Avenue", "Boulevard", "Road", "Drive", "Lane")

# AddressParts' names → the keys of PARTS.
_PART_OF_PARSED = (("house_number", "street_number"), ("pre_direction", "pre_direction"),
                   ("street", "street_name"), ("suffix", "street_type"), ("post_direction", "post_direction"),
                   ("unit", "unit"))


def street_parts(parts: AddressParts) -> dict[str, str]:
    """AddressParts → the keys the wizard's address fields (and the order file's extras) use."""
    out = {}
    for ours, theirs in _PART_OF_PARSED:
        value = getattr(parts, ours)
        if value:
            out[theirs] = value
    return out


def parts_of_line(line1: str, line2: str | None = None) -> dict[str, str]:
    """A street line parsed into the wizard's parts; {} when the parser finds no house number and street."""
    parsed = street_parts(parse_us_street(line1, line2))
    return parsed if parsed.get("street_number") and parsed.get("street_name") else {}


def compose_line1(parts: dict[str, str]) -> str | None:
    """ "1200 N Market St W": the parts in the order a carrier prints them, blanks left out."""
    words = [parts.get(k, "").strip() for k in PARTS[:5]]
    line = " ".join(w for w in words if w)
    return line or None


class AddressFields(QWidget):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.number = line_edit("1200", 12)
        self.pre_dir = self._combo(DIRECTIONS)
        self.street = line_edit("Market")
        self.street_type = self._combo(STREET_TYPES)
        self.post_dir = self._combo(DIRECTIONS)
        self.unit = line_edit("Suite 400")
        self.city = line_edit("Denver")
        self.state = line_edit("CO", 2)
        self.state.setValidator(QRegularExpressionValidator(r"[A-Za-z]{0,2}"))
        self.zip = line_edit("80202", 10)
        self.zip.setValidator(QRegularExpressionValidator(r"\d{0,5}(-\d{0,4})?|[A-Za-z0-9 ]{0,7}"))
        rows = (
            (0, 0, "Street n&o.:", self.number, "Street number"),
            (0, 2, "Pre-&dir.:", self.pre_dir, "Street pre-direction"),
            (1, 0, "Stree&t:", self.street, "Street name"),
            (1, 2, "T&ype:", self.street_type, "Street type"),
            (2, 0, "Post-dir.:", self.post_dir, "Street post-direction"),
            (2, 2, "Unit / s&uite:", self.unit, "Unit or suite (address line 2)"),
            (3, 0, "&City:", self.city, "City"),
            (3, 2, "St&ate:", self.state, "State"),
            (4, 0, "&ZIP:", self.zip, "ZIP code"),
        )
        self.captions: dict[str, QLabel] = {}
        for row, col, text, widget, name in rows:
            caption = QLabel(text)
            caption.setBuddy(widget)
            widget.setAccessibleName(name)
            if isinstance(widget, QComboBox) and widget.lineEdit() is not None:
                widget.lineEdit().setAccessibleName(name)
            grid.addWidget(caption, row, col)
            grid.addWidget(widget, row, col + 1)
            self.captions[name] = caption
        self.preview = QLabel()
        self.preview.setWordWrap(True)  # a long street must wrap, not widen the form
        self.preview.setAccessibleName("Address as the carrier will read it")
        grid.addWidget(self.preview, 5, 0, 1, 4)
        for edit in (self.number, self.street, self.unit, self.city, self.state, self.zip):
            edit.textEdited.connect(self._on_text_edited)
        for combo in (self.pre_dir, self.street_type, self.post_dir):
            combo.currentTextChanged.connect(self._on_text_edited)

    @staticmethod
    def _combo(items: tuple[str, ...]) -> QComboBox:
        combo = QComboBox()
        combo.setEditable(True)
        combo.addItems(list(items))
        return combo

    def _on_text_edited(self, *_: object) -> None:
        self.refresh_preview()
        self.edited.emit()

    def parts(self) -> dict[str, str]:
        return {
            "street_number": self.number.text().strip(),
            "pre_direction": self.pre_dir.currentText().strip(),
            "street_name": self.street.text().strip(),
            "street_type": self.street_type.currentText().strip(),
            "post_direction": self.post_dir.currentText().strip(),
            "unit": self.unit.text().strip(),
        }

    def load(self, address: ServiceAddress) -> None:
        """Fill from the order; an imported address without parts shows its line 1 as the street."""
        extra = address.extra
        has_parts = any(isinstance(extra.get(k), str) for k in PARTS)
        self.number.setText(str(extra.get("street_number", "")) if has_parts else "")
        self.pre_dir.setCurrentText(str(extra.get("pre_direction", "")))
        self.street.setText(str(extra.get("street_name", "")) if has_parts else (address.line1 or ""))
        self.street_type.setCurrentText(str(extra.get("street_type", "")))
        self.post_dir.setCurrentText(str(extra.get("post_direction", "")))
        self.unit.setText(str(extra.get("unit", "")) if has_parts else (address.line2 or ""))
        self.city.setText(address.city or "")
        self.state.setText(address.state or "")
        self.zip.setText(address.postal_code or "")
        self.refresh_preview()

    def apply(self, address: ServiceAddress) -> None:
        """Write the parts and the composed lines into the order's address."""
        parts = self.parts()
        for key, value in parts.items():
            if value:
                address.extra[key] = value
            else:
                address.extra.pop(key, None)
        address.line1 = compose_line1(parts)
        address.line2 = parts["unit"] or None
        address.city = self.city.text().strip() or None
        address.state = self.state.text().strip().upper() or None
        address.postal_code = self.zip.text().strip() or None
        if address.country is None and (address.line1 or address.city):
            address.country = "US"

    def refresh_preview(self) -> None:
        """Show the composed lines as the carrier will read them (also after a part was set from outside,
        a fill from the bill, which `textEdited` does not report)."""
        parts = self.parts()
        line1 = compose_line1(parts) or "(street)"
        line2 = f", {parts['unit']}" if parts["unit"] else ""
        city = ", ".join(x for x in (self.city.text().strip(), self.state.text().strip().upper()) if x)
        self.preview.setText(f"Line 1 and 2: <b>{line1}{line2}</b>  —  {city} {self.zip.text().strip()}")

    def fill_street_line(self, line: str) -> None:
        """A street line taken whole (from the bill): split into its parts by the address parser, so a
        carrier that takes the parts gets them; a line the parser cannot split goes into Street as it is.
        The unit is filled only when the line carries one and the field is empty."""
        parts = parts_of_line(line)
        if not parts:
            parts = {"street_name": line.strip()}
        for key in PARTS[:5]:
            self.set_part(key, parts.get(key, ""))
        if parts.get("unit") and not self.unit.text().strip():
            self.unit.setText(parts["unit"])
        self.refresh_preview()

    def part_widgets(self) -> dict[str, QWidget]:
        """Each part's, the city's, the state's and the ZIP's field, by the order file's key."""
        return {"street_number": self.number, "pre_direction": self.pre_dir, "street_name": self.street,
                "street_type": self.street_type, "post_direction": self.post_dir, "unit": self.unit,
                "city": self.city, "state": self.state, "postal_code": self.zip}

    def set_part(self, key: str, text: str) -> None:
        widget = self.part_widgets()[key]
        if isinstance(widget, QComboBox):
            widget.setCurrentText(text)
        else:
            widget.setText(text)  # type: ignore[attr-defined]

    def edits(self) -> list[QWidget]:
        return [self.number, self.pre_dir, self.street, self.street_type, self.post_dir, self.unit,
                self.city, self.state, self.zip]


