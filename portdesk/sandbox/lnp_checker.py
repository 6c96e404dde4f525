"""Bandwidth's portability check (`POST /accounts/{a}/lnpchecker`) answered from the world.

A number on an account of the world is portable from that account's losing carrier, in the rate
centre of its service address (the world keeps no rate centres: a town's name is what most are
called); a number on no account, or on one whose numbers are not portable or disconnected, is
listed under an unsupported losing carrier. Shapes as in Bandwidth's documented examples.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from portdesk.sandbox.world import Account, World, normalise_number
from portdesk.sandbox.xmlsafe import sub

NOT_PORTABLE_FEATURES = frozenset({"not_portable", "disconnected"})
MAX_TNS = 1000


class CheckError(ValueError):
    """A request the checker refuses: (Bandwidth code, words)."""

    def __init__(self, errors: list[tuple[int, str]]) -> None:
        super().__init__("; ".join(text for _, text in errors))
        self.errors = errors


def rate_centre(account: Account) -> str:
    return account.address.city.upper()


def check(world: World, request: ET.Element) -> ET.Element:
    raw = [(tn.text or "").strip() for tn in request.iterfind("TnList/Tn")]
    if not raw:
        raise CheckError([(7316, "The request must list at least one telephone number.")])
    if len(raw) > MAX_TNS:
        raise CheckError([(7200, f"At most {MAX_TNS} telephone numbers can be checked at once.")])
    bad = [t for t in raw if normalise_number(t) is None]
    if bad:
        raise CheckError([(7201, f"{t[:20]} is not a valid NANP telephone number.") for t in bad[:10]])
    centres: dict[tuple[str, str], list[str]] = {}
    carriers: dict[tuple[str, str, int], list[str]] = {}
    refused: dict[str, list[str]] = {}
    for tn in raw:
        number = normalise_number(tn) or tn
        account = world.account_of(number)
        ten = number[2:]
        if account is None or NOT_PORTABLE_FEATURES & set(account.features):
            refused.setdefault(account.losing_carrier if account else "Unknown carrier", []).append(ten)
            continue
        centres.setdefault((rate_centre(account), account.address.state), []).append(ten)
        carriers.setdefault((account.losing_carrier, account.spid, account.min_interval_days), []).append(ten)
    root = ET.Element("NumberPortabilityResponse")
    sub(root, "PortType", "AUTOMATED")
    supported = sub(root, "SupportedRateCenters")
    for (centre, state), tns in centres.items():
        group = sub(supported, "RateCenterGroup")
        sub(group, "RateCenter", centre)
        sub(group, "City", centre)
        sub(group, "State", state)
        _tn_list(group, tns)
    sub(root, "UnsupportedRateCenters")
    losing = sub(root, "SupportedLosingCarriers")
    for (name, spid, interval), tns in carriers.items():
        _carrier(losing, name, spid, interval, tns)
    unsupported = sub(root, "UnsupportedLosingCarriers")
    for name, tns in refused.items():
        _carrier(unsupported, name, "", None, tns)
    return root


def _carrier(parent: ET.Element, name: str, spid: str, interval: int | None, tns: list[str]) -> None:
    group = sub(parent, "LosingCarrierTnList")
    if spid:
        sub(group, "LosingCarrierSPID", spid)
    sub(group, "LosingCarrierName", name)
    sub(group, "LosingCarrierIsWireless", "false")
    sub(group, "LosingCarrierAccountNumberRequired", "false")
    if interval is not None:
        sub(group, "LosingCarrierMinimumPortingInterval", interval)
    _tn_list(group, tns)


def _tn_list(parent: ET.Element, tns: list[str]) -> None:
    holder = sub(parent, "TnList")
    for tn in tns:
        sub(holder, "Tn", tn)
