"""Reading XML from clients without trusting it: no DTDs, no entities (XXE and entity bombs refused)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

try:  # defusedxml when the project has it; otherwise refuse what it would refuse
    from defusedxml.ElementTree import fromstring as _defused_fromstring
except ImportError:  # pragma: no cover - depends on the environment
    _defused_fromstring = None


class XmlError(ValueError):
    """The body is not XML the sandbox will read; the message says why in words."""


def parse_xml(body: bytes) -> ET.Element:
    if not body.strip():
        raise XmlError("the request body is empty; expected XML")
    head = body[:4096].upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in body.upper():
        raise XmlError("document type declarations and entities are not accepted")
    try:
        if _defused_fromstring is not None:
            return _defused_fromstring(body)  # type: ignore[no-any-return]
        return ET.fromstring(body)
    except ET.ParseError as exc:
        raise XmlError(f"the request body is not well-formed XML ({exc})") from None
    except Exception as exc:  # defusedxml's own refusals (DTDForbidden, EntitiesForbidden, …)
        raise XmlError(f"the XML was refused ({type(exc).__name__})") from None


def to_bytes(root: ET.Element) -> bytes:
    return b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + ET.tostring(root, encoding="utf-8")


def sub(parent: ET.Element, tag: str, text: object = None) -> ET.Element:
    child = ET.SubElement(parent, tag)
    if text is not None:
        child.text = str(text).lower() if isinstance(text, bool) else str(text)
    return child
