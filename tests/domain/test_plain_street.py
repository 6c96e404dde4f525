"""A plain street line's house number and street are told without loading the CRF, and exactly as the CRF
tells them: for the model file the check was run against, every line the shortcut answers is one the
model reads with both parts (tests/domain/street_line_check.py runs all of them; here a whole street type
and a sample of the rest), and every line it does not answer still goes to the model."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from portdesk.domain import plain_street
from portdesk.domain.address_parts import parse_us_street
from portdesk.domain.order import PortOrder
from portdesk.domain.plain_street import CHECKED_MODEL, STREET_TYPES, installed_model, plain_number_and_street
from portdesk.domain.profiles import get_profile
from portdesk.domain.rules_account import check_address_parts
from tests.domain import street_line_check as check

ROOT = Path(__file__).resolve().parents[2]


def test_the_installed_model_is_the_one_the_shortcut_was_checked_against() -> None:
    # Fails after a usaddress upgrade: run `python -m tests.domain.street_line_check` and update the module
    # with what it prints. Until then the shortcut stands aside (the next test) and every line goes to the model.
    assert check.model_identity() == CHECKED_MODEL == installed_model()


def test_another_model_file_sends_every_line_to_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plain_street, "CHECKED_MODEL", (CHECKED_MODEL[0], CHECKED_MODEL[1] ^ 1))
    assert plain_number_and_street("1200 Market Street") is None


def test_every_plain_line_of_three_street_types_is_read_by_the_model_with_both_parts() -> None:
    known = check.known_words()
    words = [w for w in known + check.word_shapes(known) if w not in plain_street._MODEL_SAYS_OTHERWISE]
    assert list(check.failures(["street", "ave", "rd"], words)) == []


def test_a_sample_of_every_accepted_shape_agrees_with_the_model() -> None:
    rnd = random.Random(17)
    known = check.known_words()
    pool = known + check.word_shapes(known) + ["Market", "Broadway", "Colfax", "Champa", "Larimer", "Zzyzx"]
    checked = 0
    for _ in range(3000):
        number = str(rnd.randint(1, 999_999))[: rnd.randint(1, 6)]
        word = rnd.choice(pool)
        word = word.upper() if rnd.random() < 0.2 else word.capitalize() if rnd.random() < 0.6 else word
        line = f"{number} {word} {rnd.choice(sorted(STREET_TYPES)).title()}"
        told = plain_number_and_street(line)
        parts = parse_us_street(line)
        if told is not None:
            checked += 1
            assert parts.house_number and parts.street, line
    assert checked > 2500


@pytest.mark.parametrize("line", [
    "1200 East Street",  # a direction the model takes as the street's, not as its name
    "1200 N Main St",  # four tokens
    "1200  Market Street",  # two spaces
    "1200 Market Street, Suite 4",
    "Market Street",
    "1200 Market",
    "1200 Market Plaza",  # a type the check left to the model
    "1234567 Market Street",
    "12B Market Street",
    "1200 Marké Street",
    "1200 Market Street ",
])
def test_lines_the_check_did_not_cover_go_to_the_model(line: str) -> None:
    assert plain_number_and_street(line) is None


def _order(line1: str) -> PortOrder:
    return PortOrder.from_dict({"format": "portdesk.order/1", "name": "x", "numbers": ["+13035550100"],
                                "account": {"service_address": {"line1": line1}}})


@pytest.mark.parametrize("line", ["1200 Market Street", "8 Colfax Ave", "1 Tower Way", "1200 East Street",
                                  "1200 Plaza Court", "500 Center Ct", "Colfax Avenue", "77 W Ln"])
def test_the_finding_is_the_models_whether_or_not_the_model_is_asked(line: str) -> None:
    parts = parse_us_street(line)
    expected = not (parts.house_number and parts.street)
    found = check_address_parts(_order(line), get_profile("bandwidth"))
    assert bool(found) == expected and all(f.code == "ADDRESS_PARTS_INCOMPLETE" for f in found)


def test_a_plain_line_does_not_load_the_model() -> None:
    probe = ("import sys\nfrom portdesk.domain.plain_street import plain_number_and_street\n"
             "print(plain_number_and_street('1200 Market Street'), 'usaddress' in sys.modules, 'pycrfsuite' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert done.stdout.strip() == "('1200', 'Market') False False"
