"""A last line of defence for the log file: secrets that slip into a message are masked.

The code never logs a PIN or a credential on purpose; this filter catches the accident — an
exception that quotes an order's JSON, a URL with a password, an Authorization header.
"""

from __future__ import annotations

import logging
import re

MASK = "•••"
_KEYED = re.compile(
    r"""(?ix)
    (["']?\b(?:pin|passcode|password|passwd|secret|api[_-]?key|token|auth[_-]?token)\b["']?\s*[:=]\s*)
    (["']?)([^"'\s,;&}]+)"""
)
_AUTH_HEADER = re.compile(r"(?i)(authorization\s*[:=]\s*(?:basic|bearer|token)?\s*)(\S+)")
_URL_PASSWORD = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://[^/\s:@]+:)([^@\s/]+)(@)")


def redact(text: str) -> str:
    text = _URL_PASSWORD.sub(rf"\g<1>{MASK}\g<3>", text)
    text = _AUTH_HEADER.sub(rf"\g<1>{MASK}", text)
    return _KEYED.sub(rf"\g<1>\g<2>{MASK}", text)


class RedactingFormatter(logging.Formatter):
    """Formats as usual (message, then traceback), then masks what looks like a secret."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))
