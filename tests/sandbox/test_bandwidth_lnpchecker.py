"""The sandbox's Bandwidth lnpchecker: losing carriers of the world with their interval; bad TNs are a 400 7201."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from tests.sandbox.test_bandwidth import api

CHECK = "/lnpchecker?fullCheck=offnetportability"


def _request(*tns: str) -> bytes:
    return ("<NumberPortabilityRequest><TnList>" + "".join(f"<Tn>{t}</Tn>" for t in tns)
            + "</TnList></NumberPortabilityRequest>").encode()


def test_known_numbers_name_their_losing_carrier_and_unknown_ones_are_unsupported(base: str) -> None:
    with api(base) as client:
        answer = client.post(CHECK, content=_request("3035550100", "3035550101", "7205550199"))
    assert answer.status_code == 200
    root = ET.fromstring(answer.content)
    (lumen,) = [g for g in root.iterfind("SupportedLosingCarriers/LosingCarrierTnList")
                if g.findtext("LosingCarrierName") == "Lumen"]
    assert [t.text for t in lumen.iterfind("TnList/Tn")] == ["3035550100", "3035550101"]
    assert lumen.findtext("LosingCarrierMinimumPortingInterval") == "3"
    assert [t.text for t in root.iterfind("UnsupportedLosingCarriers/LosingCarrierTnList/TnList/Tn")] == ["7205550199"]


def test_a_number_that_is_not_nanp_is_a_400_with_code_7201(base: str) -> None:
    with api(base) as client:
        answer = client.post(CHECK, content=_request("61746052083"))
    assert answer.status_code == 400
    assert ET.fromstring(answer.content).findtext("Errors/Code") == "7201"
