"""The HTTP client every adapter shares: timeouts, a size cap, one retry after a token renewal,
and the translation of every failure into the gateway's three kinds of CarrierError.

No httpx exception leaves this module. Anything logged passes through the redactor first, which
masks the connection's own secrets (and the current token) wherever they appear, on top of the
log file's generic filter.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import ssl
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any, Protocol

import httpx

from portdesk.platform.log_redaction import MASK, redact
from portdesk.services.gateway import (
    AuthCarrierError,
    CarrierError,
    ChargesRequired,
    PermanentCarrierError,
    TransientCarrierError,
)

log = logging.getLogger("portdesk.carriers")

DEFAULT_TIMEOUT = 20.0
CONNECT_TIMEOUT = 10.0
MAX_ANSWER_BYTES = 5_000_000  # a porting answer is kilobytes; a bigger one is garbage, not read to the end
USER_AGENT = "PortDesk"


class Redactor:
    """Masks the secrets it knows (the connection's, the current token) and the usual shapes of others."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets: set[str] = set()
        for s in secrets:
            self.add(s)

    def add(self, secret: str | None) -> None:
        if secret and len(secret) >= 4:  # masking two letters everywhere would garble every message
            self._secrets.add(secret)

    def __call__(self, text: str) -> str:
        for secret in sorted(self._secrets, key=len, reverse=True):
            text = text.replace(secret, MASK)
        return redact(text)


@dataclass(frozen=True)
class Answer:
    """A read HTTP answer: status, headers, body (at most MAX_ANSWER_BYTES)."""

    status: int
    headers: Mapping[str, str]
    body: bytes
    url: str

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The JSON body; garbage (an HTML error page, a cut answer) is a transient error."""
        try:
            return json.loads(self.body)
        except ValueError:
            kind = "an HTML page" if self.body.lstrip()[:1] == b"<" else "something that is not JSON"
            raise TransientCarrierError(f"the carrier answered with {kind} (HTTP {self.status})",
                                        http_status=self.status) from None


class AuthScheme(Protocol):
    def headers(self, client: HttpClient) -> dict[str, str]:
        """The headers that authenticate a call (may log in first)."""

    def renew(self, client: HttpClient) -> bool:
        """After a 401: drop the cached token; True when a fresh one is worth one more try."""


def retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds to wait from a Retry-After header: delay-seconds or an HTTP date (RFC 9110 allows both)."""
    value = (headers.get("retry-after") or "").strip()[:64]
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None  # neither form: the caller's back-off decides
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


@functools.cache
def tls_context() -> ssl.SSLContext:
    """httpx's default verifying context, built once per process and shared (it is thread-safe):
    loading the CA bundle costs tens of milliseconds, and every sync cycle opens a client per connection."""
    return httpx.create_ssl_context()


class HttpClient:
    """One provider connection's HTTP session on top of httpx, with failures in domain terms."""

    def __init__(self, base_url: str, *, provider: str, redactor: Redactor, auth: AuthScheme | None = None,
                 timeout: float = DEFAULT_TIMEOUT, max_bytes: int = MAX_ANSWER_BYTES,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.provider = provider
        self.redact = redactor
        self.auth = auth
        self._max_bytes = max_bytes
        self._client = httpx.Client(base_url=base_url, timeout=httpx.Timeout(timeout, connect=CONNECT_TIMEOUT),
                                    follow_redirects=False, headers={"User-Agent": USER_AGENT},
                                    transport=transport, verify=tls_context())

    def close(self) -> None:
        self._client.close()

    def request(self, method: str, url: str, *, authed: bool = True, headers: dict[str, str] | None = None,
                **kwargs: Any) -> Answer:
        """Send once (and once more after a 401 when the auth scheme renewed its token)."""
        answer = self._send(method, url, authed=authed, headers=headers, **kwargs)
        if answer.status == 401 and authed and self.auth is not None and self.auth.renew(self):
            answer = self._send(method, url, authed=authed, headers=headers, **kwargs)
        return answer

    def _send(self, method: str, url: str, *, authed: bool, headers: dict[str, str] | None,
              **kwargs: Any) -> Answer:
        all_headers = dict(headers or {})
        if authed and self.auth is not None:
            all_headers.update(self.auth.headers(self))
        started = time.perf_counter()
        where = f"{self.provider} {method} {self.redact(url)}"
        try:
            with self._client.stream(method, url, headers=all_headers, **kwargs) as response:
                body = self._read(response, where)
                answer = Answer(response.status_code, response.headers, body, str(response.url))
        except CarrierError:
            raise
        except httpx.TimeoutException:
            log.warning("%s: timed out", where)
            raise TransientCarrierError(f"{self.provider} did not answer in time") from None
        except httpx.TransportError as exc:
            log.warning("%s: %s", where, self.redact(f"{type(exc).__name__}: {exc}"))
            raise TransientCarrierError(f"cannot reach {self.provider} ({_transport_words(exc)})") from None
        except httpx.HTTPError as exc:  # an invalid URL and the like: not worth retrying
            log.warning("%s: %s", where, self.redact(f"{type(exc).__name__}: {exc}"))
            raise PermanentCarrierError(f"{self.provider}: the request could not be made ({type(exc).__name__})") from None
        log.debug("%s -> %s in %.0f ms", where, answer.status, (time.perf_counter() - started) * 1000)
        if answer.status >= 400:
            log.warning("%s -> HTTP %s: %s", where, answer.status, self.redact(answer.text[:500]))
        return answer

    def _read(self, response: httpx.Response, where: str) -> bytes:
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self._max_bytes:
            raise TransientCarrierError(f"{self.provider} sent an answer of {int(declared):,} bytes; not read "
                                        f"(at most {self._max_bytes:,})", http_status=response.status_code)
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self._max_bytes:
                log.warning("%s: answer larger than %s bytes, dropped", where, self._max_bytes)
                raise TransientCarrierError(f"{self.provider} sent an answer larger than {self._max_bytes:,} bytes; "
                                            "not read", http_status=response.status_code)
            chunks.append(chunk)
        return b"".join(chunks)

    def check(self, answer: Answer, words: Callable[[Answer], str], *, doing: str) -> Answer:
        """Raise the CarrierError an error status means; the message carries the provider's words."""
        if answer.status < 400:
            return answer
        said = self.redact(" ".join(words(answer).split()))[:300]
        said_part = f": {said}" if said else ""
        status = answer.status
        if status == 401:
            raise AuthCarrierError(f"{self.provider} refused the credentials while {doing} "
                                   f"(the key was refused){said_part}", http_status=status)
        if status == 403:
            raise AuthCarrierError(f"{self.provider} refused {doing}: this user lacks the porting role or "
                                   f"permission{said_part}", http_status=status)
        if status == 402:
            raise ChargesRequired(f"{self.provider} says charges apply to {doing}; accept them to go on{said_part}",
                                  http_status=status)
        if status == 429:
            raise TransientCarrierError(f"{self.provider} is rate-limiting us while {doing}{said_part}",
                                        retry_after=retry_after(answer.headers), http_status=status)
        if status >= 500 or status == 408:
            raise TransientCarrierError(f"{self.provider} failed while {doing} (HTTP {status}){said_part}",
                                        retry_after=retry_after(answer.headers), http_status=status)
        raise PermanentCarrierError(f"{self.provider} refused {doing} (HTTP {status}){said_part}",
                                    http_status=status)


def _transport_words(exc: httpx.TransportError) -> str:
    if isinstance(exc, httpx.ConnectError):
        return "connection refused or host not found"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "the connection was cut mid-answer"
    return type(exc).__name__
