"""Provider profiles: every shipped file loads with the facts of the provider guides; user
profiles override; broken files name the file and the key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from portdesk.domain.profiles import ProfileError, choose_profile_id, get_profile, load_profiles
from portdesk.domain.status import Status

SHIPPED = {"kazoo", "plivo", "8x8", "8x8-managed", "bandwidth", "telnyx", "cmcom"}


def test_every_provider_has_a_profile() -> None:
    assert set(load_profiles()) >= SHIPPED


def test_kazoo_facts() -> None:
    p = get_profile("kazoo")
    assert p.max_numbers == 100 and not p.mix_local_toll_free and p.account_name_max == 25
    assert p.bill.required and p.bill.pdf_only and p.bill.max_size_bytes == 5 * 1024 * 1024
    assert (p.bill.max_age_days, p.loa.max_age_days, p.loa.preferred_age_days) == (30, 30, 15)
    # 28 days old at submission must be at risk, 27 not: age + review > 30.
    assert 28 + p.bill.review_days > 30 >= 27 + p.bill.review_days
    assert p.window is None
    assert p.neutral_status("scheduled") is Status.FOC_CONFIRMED


def test_plivo_facts() -> None:
    p = get_profile("plivo")
    assert p.countries == ("US", "CA") and not p.serves("AU")
    assert p.max_numbers == 20 and p.mix_local_toll_free and p.cancel_lead_hours == 72
    assert p.bill.max_age_days == 30


def test_8x8_facts() -> None:
    p = get_profile("8x8")
    assert p.countries == ("US",) and p.max_numbers == 50 and p.one_npa_nxx and p.one_losing_carrier
    assert p.window is not None and not p.window.selectable
    assert (p.window.start, p.window.end, p.window.timezone) == (dt.time(3), dt.time(5), "America/Los_Angeles")
    assert p.sla_business_days == (7, 10) and p.lead_time_business_days == 7


def test_8x8_managed_facts() -> None:
    p = get_profile("8x8-managed")
    assert p.serves("CA") and p.sla_business_days == (15, 21)
    assert p.window is not None and p.window.selectable and (p.window.start, p.window.end) == (dt.time(5), dt.time(15))
    assert p.extra["pricing"]["per_number"] == 5 and p.extra["pricing"]["minimum"] == 50


def test_bandwidth_facts() -> None:
    p = get_profile("bandwidth")
    assert p.automated_limit == 600 and p.max_numbers is None
    assert p.window is not None and (p.window.start, p.window.end, p.window.timezone) == (
        dt.time(6), dt.time(22), "America/New_York",
    )
    assert p.neutral_status("REQUESTED_SUPP") is Status.SUPP_PENDING


def test_telnyx_facts() -> None:
    p = get_profile("telnyx")
    assert p.serves("GB") and p.loa.max_age_days == 90 and p.bill.max_age_days == 30 and p.cancel_lead_hours == 48


def test_nl_provider_is_the_cmcom_profile_under_its_alias() -> None:
    p = get_profile("nl-provider")
    assert p.id == "nl-provider" and p.neutral_status("Ready to be ported") is Status.FOC_CONFIRMED
    assert p.neutral_status("Blocked") is Status.REJECTED_FINAL


def test_unknown_profile_is_a_profile_error() -> None:
    with pytest.raises(ProfileError, match="unknown profile 'nope'"):
        get_profile("nope")


def test_user_profile_overrides_the_shipped_one(tmp_path: Path) -> None:
    text = (Path(load_profiles()["kazoo"].source)).read_text().replace("max_numbers = 100", "max_numbers = 40")
    (tmp_path / "my-kazoo.toml").write_text(text)
    assert get_profile("kazoo", tmp_path).max_numbers == 40
    assert get_profile("kazoo").max_numbers == 100


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ('id = "x"\nname = "X"\n[limits]\nmax_numbers = "many"\n', "limits.max_numbers"),
        ('id = "x"\nname = "X"\n[port_window]\nstart = "6am"\nend = "22:00"\ntimezone = "UTC"\n', "port_window.start"),
        ('id = "x"\nname = "X"\n[port_window]\nstart = "06:00"\nend = "22:00"\ntimezone = "Mars/Base"\n', "port_window.timezone"),
        ('id = "x"\nname = "X"\n[statuses]\nfoo = "nowhere"\n', "statuses.foo"),
        ('name = "X"\n', "'id'"),
        ('id = "x"\nname = \n', "not valid TOML"),
    ],
)
def test_broken_profile_names_the_file_and_key(tmp_path: Path, body: str, key: str) -> None:
    (tmp_path / "broken.toml").write_text(body)
    with pytest.raises(ProfileError) as caught:
        load_profiles(tmp_path)
    assert "broken.toml" in str(caught.value) and key in str(caught.value)


def test_profile_choice_order() -> None:
    assert choose_profile_id("bandwidth", "8x8", "plivo") == "bandwidth"
    assert choose_profile_id(None, "8x8", "plivo") == "8x8"
    assert choose_profile_id(None, None, "plivo") == "plivo"
    assert choose_profile_id(None, None, None) == "kazoo"
