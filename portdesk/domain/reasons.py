"""Why losing carriers reject a port, in PortDesk's own words: one catalogue for every provider.

The ids are part of the headless contract (`orders show --json` → `rejections[].reason`); each
carrier adapter maps its provider's codes onto them and keeps the provider's code and words beside
the id. A `fix` names the order-file field to change, so the coordinator knows where to look.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reason:
    id: str
    text: str  # what went wrong, in plain English
    fix: str  # what to change, naming the field
    field: str | None = None  # the order-file field the fix is about, when there is one


_REASONS = (
    Reason("name_mismatch", "The account name does not match the losing carrier's records.",
           "Enter account.name exactly as printed on the bill or the CSR.", "account.name"),
    Reason("auth_person_mismatch", "The person who authorised the port is not an authorised user on the account.",
           "Set account.authorized_user to the person the losing carrier lists, and have them sign the LOA.",
           "account.authorized_user"),
    Reason("address_mismatch", "The service address (or its ZIP) does not match the losing carrier's records.",
           "Enter account.service_address as the service address on the CSR, not the billing address.",
           "account.service_address"),
    Reason("account_number_mismatch", "The account number is missing or does not match.",
           "Copy account.number from the bill or the CSR.", "account.number"),
    Reason("pin_invalid", "The port-out PIN or passcode is missing or wrong.",
           "Ask the losing carrier for the port-out PIN and enter it in account.pin.", "account.pin"),
    Reason("btn_mismatch", "The billing telephone number does not match the account.",
           "Enter account.btn as printed on the bill or the CSR.", "account.btn"),
    Reason("main_btn_on_partial", "A partial port takes the account's main billing number.",
           "Name a number that stays with the losing carrier in new_btn.", "new_btn"),
    Reason("port_type_incorrect", "The port is marked full or partial wrongly.",
           "Compare numbers with every number on the account and set port_type (full or partial).", "port_type"),
    Reason("number_not_on_account", "A number is not on this account at the losing carrier.",
           "Remove the number from numbers, or correct it.", "numbers"),
    Reason("not_portable", "A number cannot be ported (not portable, or disconnected).",
           "Run the portability check and drop the number from numbers.", "numbers"),
    Reason("pending_order", "Another order is already pending on these numbers.",
           "Wait for the other order to finish, or have it cancelled, then resubmit.", None),
    Reason("special_feature", "A number has a feature the losing carrier must remove first (DSL, hunt group, Centrex, ISDN, freeze).",
           "Ask the losing carrier to remove the feature or freeze, then resubmit.", None),
    Reason("must_split", "The order must be split (mixed number types, rate centres or carriers).",
           "Split numbers into separate orders.", "numbers"),
    Reason("foc_rejected", "The requested port date was refused or has expired.",
           "Pick another requested_date.", "requested_date"),
    Reason("losing_carrier_silent", "The losing carrier did not answer.",
           "Escalate with the provider; nothing in the order needs to change.", None),
    Reason("other", "The carrier rejected the order for another reason.",
           "Read the carrier's note and change what it names.", None),
)

REASONS: dict[str, Reason] = {r.id: r for r in _REASONS}
OTHER = REASONS["other"]


def reason(reason_id: str) -> Reason:
    """The catalogue entry for an id; an unknown id is `other` (never an error: ids come from mappings)."""
    return REASONS.get(reason_id, OTHER)


@dataclass(frozen=True)
class Rejection:
    """One reason of a carrier's exception: our id, the provider's code and words, and the fix."""

    reason: str
    code: str
    text: str
    fix: str

    def to_json(self) -> dict[str, str]:
        return {"reason": self.reason, "code": self.code, "text": self.text, "fix": self.fix}


def rejection(reason_id: str, code: str, text: str) -> Rejection:
    """A rejection whose text is the provider's own words (kept), with the catalogue's fix."""
    entry = reason(reason_id)
    return Rejection(entry.id, code, text.strip() or entry.text, entry.fix)
