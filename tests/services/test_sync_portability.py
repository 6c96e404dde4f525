"""The portability check offered before submit: numbers asked through the connection's gateway (the
sandbox's Bandwidth lnpchecker), answered with the losing carrier, its minimum interval and refusals."""

from __future__ import annotations

import pytest

from portdesk.cli.carriers_cmd import open_connections
from portdesk.services.connections import ConnectionProblem
from portdesk.services.portability import PortabilityService
from tests.carriers.conftest import file_keyring  # noqa: F401 - fixture
from tests.sandbox.conftest import ACME_NUMBERS, base, sandbox, world  # noqa: F401 - fixtures
from tests.services.sandbox_sync import SandboxDesk

OFF_WORLD = "+17205550199"  # on no account the sandbox's losing carriers know


@pytest.fixture
def desk(tmp_path, capsys, monkeypatch, base, file_keyring) -> SandboxDesk:  # noqa: F811
    return SandboxDesk((tmp_path, capsys, monkeypatch), base, "bandwidth")


def test_portability_names_the_losing_carrier_its_interval_and_what_cannot_port(desk: SandboxDesk) -> None:
    answer = PortabilityService(open_connections(desk.db)).check(None, [*ACME_NUMBERS, OFF_WORLD])
    assert set(ACME_NUMBERS) <= set(answer.portable) and OFF_WORLD not in answer.portable
    (lumen,) = [c for c in answer.losing_carriers if c.name == "Lumen"]
    assert set(lumen.numbers) == set(ACME_NUMBERS) and lumen.minimum_interval_days == 3
    assert answer.not_portable.get(OFF_WORLD)


def test_portability_goes_through_the_named_connection_or_the_one_serving_the_profile(desk: SandboxDesk) -> None:
    assert PortabilityService(open_connections(desk.db)).check("bw", ACME_NUMBERS[:1]).portable == (ACME_NUMBERS[0],)
    with pytest.raises(ConnectionProblem, match="telnyx"):
        PortabilityService(open_connections(desk.db)).check(None, ACME_NUMBERS[:1], profile="telnyx")
    with pytest.raises(ConnectionProblem, match="nowhere"):
        PortabilityService(open_connections(desk.db)).check("nowhere", ACME_NUMBERS[:1])
    with pytest.raises(ValueError, match="no numbers"):
        PortabilityService(open_connections(desk.db)).check(None, [])
