"""A 429's Retry-After in either form RFC 9110 allows — seconds, or an HTTP date — becomes the wait."""

from __future__ import annotations

import datetime as dt
from email.utils import format_datetime

import pytest

from portdesk.carriers.base import retry_after
from portdesk.services.gateway import TransientCarrierError
from tests.carriers.conftest import mock  # noqa: F401 - fixture
from tests.carriers.test_telnyx import gateway


def test_seconds_and_http_dates_both_give_the_seconds_to_wait() -> None:
    assert retry_after({"retry-after": "7"}) == 7.0
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=120)
    waited = retry_after({"retry-after": format_datetime(later, usegmt=True)})
    assert waited is not None and 110 <= waited <= 121
    past = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    assert retry_after({"retry-after": format_datetime(past, usegmt=True)}) == 0.0
    assert retry_after({"retry-after": "soon, maybe"}) is None
    assert retry_after({}) is None


def test_a_429_with_a_date_tells_the_sync_how_long_to_wait(mock) -> None:  # noqa: F811
    base, state = mock
    later = format_datetime(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5), usegmt=True)
    state.faults["/porting_orders"] = (429, {"Retry-After": later}, b'{"errors": [{"code": "10011"}]}')
    with pytest.raises(TransientCarrierError) as caught:
        gateway(base).test_credentials()
    assert caught.value.retry_after is not None and 280 <= caught.value.retry_after <= 301
