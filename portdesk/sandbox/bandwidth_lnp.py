"""Bandwidth's portability check, `POST /accounts/{a}/lnpchecker?fullCheck=offnetportability`, in the sandbox.

`<NumberPortabilityRequest><TnList><Tn>…` (10 digits) → `<NumberPortabilityResponse>` with the port type,
the losing carriers of the world's accounts (SPID, name, wireless, account number required, minimum
porting interval, their TNs) and, under `UnsupportedLosingCarriers`, the TNs no losing carrier of the
world holds. A TN that is not a NANP number is a 400 with code 7201, as the provider answers.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from portdesk.sandbox.wire import Request, Response
from portdesk.sandbox.world import Account, World
from portdesk.sandbox.xmlsafe import parse_xml, sub, to_bytes

_TN = re.compile(r"^[2-9]\d{2}[2-9]\d{6}$")
MAX_TNS = 5000


def lnpchecker(world: World, req: Request) -> Response:
    root = parse_xml(req.body)
    tns = [(t.text or "").strip() for t in root.iterfind("TnList/Tn")][:MAX_TNS + 1]
    answer = ET.Element("NumberPortabilityResponse")
    bad = [tn for tn in tns if not _TN.match(tn)]
    if bad or not tns or len(tns) > MAX_TNS:
        for tn in bad[:20]:
            errors = sub(answer, "Errors")
            sub(errors, "Code", 7201)
            sub(errors, "Description", f"{tn[:20]} is not a valid NANP telephone number.")
        if not bad:
            errors = sub(answer, "Errors")
            sub(errors, "Code", 7202)
            sub(errors, "Description", f"The TnList must hold between 1 and {MAX_TNS} telephone numbers.")
        return Response(400, to_bytes(answer), "application/xml")
    by_carrier: dict[str, tuple[Account, list[str]]] = {}
    unknown: list[str] = []
    for tn in tns:
        account = world.account_of("+1" + tn)
        if account is None:
            unknown.append(tn)
        else:
            by_carrier.setdefault(account.losing_carrier, (account, []))[1].append(tn)
    sub(answer, "PortType", "AUTOMATED")
    sub(answer, "SupportedRateCenters")
    sub(answer, "UnsupportedRateCenters")
    supported = sub(answer, "SupportedLosingCarriers")
    for name, (account, numbers) in by_carrier.items():
        group = sub(supported, "LosingCarrierTnList")
        sub(group, "LosingCarrierSPID", account.spid)
        sub(group, "LosingCarrierName", name)
        sub(group, "LosingCarrierIsWireless", False)
        sub(group, "LosingCarrierAccountNumberRequired", bool(account.number))
        sub(group, "LosingCarrierMinimumPortingInterval", account.min_interval_days)
        tn_list = sub(group, "TnList")
        for tn in numbers:
            sub(tn_list, "Tn", tn)
    unsupported = sub(answer, "UnsupportedLosingCarriers")
    if unknown:
        group = sub(unsupported, "LosingCarrierTnList")
        sub(group, "LosingCarrierSPID", "0000")
        sub(group, "LosingCarrierName", "Unknown")
        tn_list = sub(group, "TnList")
        for tn in unknown:
            sub(tn_list, "Tn", tn)
    return Response(200, to_bytes(answer), "application/xml")
