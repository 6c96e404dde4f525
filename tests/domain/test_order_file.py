import json

import pytest

from portdesk.domain.order import FORMAT, OrderFileError, PortOrder

SAMPLE = {
    "format": FORMAT,
    "name": "ABC Company - Denver",
    "kind": "local",
    "profile": "kazoo",
    "losing_carrier": "Lumen",
    "account": {
        "name": "ABC Company, Inc.",
        "number": "8812-5520-01",
        "pin": "4321",
        "btn": "(303) 555-0100",
        "authorized_user": "Jane Doe",
        "service_address": {"line1": "1200 Market Street", "line2": "Suite 400", "city": "Denver",
                            "state": "CO", "postal_code": "80202", "country": "US", "x_geo": [1, 2]},
        "x_account_flag": True,
    },
    "port_type": "partial",
    "new_btn": "+13035550117",
    "numbers": ["+13035550100", "(303) 555-0101", "303-555-0102", "555-01"],
    "requested_date": "2026-12-10",
    "requested_time": "09:00",
    "requested_timezone": "America/Denver",
    "contacts": [{"name": "Jane Doe", "email": "jane@abc.example", "phone": "+13035550199"}],
    "documents": {"bill": {"path": "bill.pdf", "date": "2026-11-03", "x_pages": 2}},
    "comments": [{"at": "2026-11-16T10:04:00Z", "author": "coordinator", "text": "Full legal name"}],
    "x_future_key": {"nested": [1, 2, 3]},
}


def test_numbers_are_normalised_to_e164_and_invalid_ones_kept_as_typed():
    order = PortOrder.from_dict(SAMPLE)
    assert order.numbers == ["+13035550100", "+13035550101", "+13035550102", "555-01"]
    assert order.account.btn == "+13035550100"


def test_unknown_keys_survive_a_round_trip_at_every_level():
    out = json.loads(PortOrder.from_dict(SAMPLE).to_json())
    assert out["x_future_key"] == {"nested": [1, 2, 3]}
    assert out["account"]["x_account_flag"] is True
    assert out["account"]["service_address"]["x_geo"] == [1, 2]
    assert out["documents"]["bill"]["x_pages"] == 2
    assert PortOrder.from_dict(out) == PortOrder.from_dict(SAMPLE)


@pytest.mark.parametrize(
    "change, message",
    [
        ({"format": "portdesk.order/2"}, "this PortDesk reads"),
        ({"format": None}, "'format' is missing"),
        ({"kind": "mobile"}, "'kind'"),
        ({"numbers": "3035550100"}, "'numbers' must be a list"),
        ({"account": ["x"]}, "'account' must be an object"),
        ({"port_type": "half"}, "'port_type'"),
    ],
)
def test_malformed_order_files_are_refused_with_a_reason(change, message):
    data = {**SAMPLE, **change}
    if change.get("format", "") is None:
        del data["format"]
    with pytest.raises(OrderFileError, match=message):
        PortOrder.from_dict(data)


def test_bad_json_names_line_and_column():
    with pytest.raises(OrderFileError, match="line 1, column"):
        PortOrder.from_json("{not json")


# -- hostile order files: each a clear OrderFileError, never a crash or a silent guess ------------

def _json_with(**changes: object) -> str:
    return json.dumps({**SAMPLE, **changes})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (_json_with(documents={"bill": {"path": "bill\x00.pdf"}}), r"'documents\.bill\.path' holds a NUL"),
        (_json_with(documents={"bill": {"path": "a/" * 3000 + "b.pdf"}}), r"'documents\.bill\.path' is longer"),
        (_json_with(name="\ud800"), r"'name' holds a lone surrogate"),
        ('{"format": "portdesk.order/1", "x": ' + "[" * 2000 + "]" * 2000 + "}", "nested more than"),
        ('{"format": "portdesk.order/1", "x": ' + "[" * 200 + "]" * 200 + "}", "nested more than"),
        ('{"format": "portdesk.order/1", "account": {"number": ' + "7" * 4301 + "}}", "a number with more than"),
        ('{"format": "portdesk.order/1", "account": {"name": "A"}, "account": {"name": "B"}}',
         "key 'account' appears twice"),
        (_json_with(comments=[{"at": "0001-01-01T00:00:00+05:00", "text": "x"}]), r"'comments\[1\]\.at'"),
        (_json_with(comments=[{"at": "9999-12-31T23:59:59-05:00", "text": "x"}]), r"'comments\[1\]\.at'"),
    ],
    ids=["nul-in-path", "long-path", "lone-surrogate", "deep-2000", "deep-200", "huge-int", "duplicate-key",
         "year-1-comment", "year-9999-comment"],
)
def test_hostile_order_files_are_one_clear_error(text: str, message: str) -> None:
    with pytest.raises(OrderFileError, match=message) as caught:
        PortOrder.from_json(text)
    said = str(caught.value)
    assert "\n" not in said and len(said) < 300
    said.encode("utf-8")  # printable on any terminal: no lone surrogate leaks into the message


def test_a_ten_megabyte_value_is_quoted_short_in_the_error() -> None:
    with pytest.raises(OrderFileError) as caught:
        PortOrder.from_json(_json_with(kind="x" * 10_000_000))
    assert len(str(caught.value)) < 200 and "'kind'" in str(caught.value)


def test_a_duplicate_key_inside_an_object_is_refused_too() -> None:
    text = '{"format": "portdesk.order/1", "account": {"pin": "1", "pin": "2"}}'
    with pytest.raises(OrderFileError, match="key 'pin' appears twice"):
        PortOrder.from_json(text)


def test_a_million_numbers_are_refused_before_any_is_parsed() -> None:
    import time

    text = _json_with(numbers=[f"+1303555{i % 10000:04d}" for i in range(1_000_000)])
    started = time.thread_time()  # the parsing's own work, not the other processes sharing the cores
    with pytest.raises(OrderFileError, match=r"'numbers' lists 1,000,000 entries"):
        PortOrder.from_json(text)
    assert time.thread_time() - started < 5  # today: 42 s of phone-number parsing


def test_the_order_file_ceiling_is_above_every_shipped_profiles_limits() -> None:
    from portdesk.domain.order import MAX_NUMBERS
    from portdesk.domain.profiles import load_profiles

    for profile in load_profiles().values():
        assert max(profile.max_numbers or 0, profile.automated_limit or 0) <= MAX_NUMBERS
    assert PortOrder.from_json(_json_with(numbers=["+13035550100"] * MAX_NUMBERS)).numbers[0] == "+13035550100"


def test_comment_times_in_range_and_unparsed_ones_still_load() -> None:
    order = PortOrder.from_json(_json_with(comments=[{"at": "2026-11-16T10:04:00Z", "text": "a"},
                                                     {"at": "last tuesday", "text": "b"}]))
    assert [c.at for c in order.comments] == ["2026-11-16T10:04:00Z", "last tuesday"]
