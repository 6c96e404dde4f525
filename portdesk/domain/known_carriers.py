"""US carriers that issue business phone bills: the losing carriers bill intake recognises by name.

A bill's issuer is printed in its header (a logo's text, "LUMEN", "Comcast Business"). Intake
proposes the losing carrier only when the header names one of these: the name written here is the one
an order uses, whatever the bill's capitals. Longer names first, so "Comcast Business" wins over a
bare "Comcast" and "AT&T Business" over "AT&T".
"""

from __future__ import annotations

import re

# The name an order carries, and other ways a bill's header writes the same issuer.
KNOWN_CARRIERS: dict[str, tuple[str, ...]] = {
    "Lumen": ("Lumen Technologies",),
    "CenturyLink": ("CenturyLink Business",),
    "Level 3": ("Level 3 Communications",),
    "Brightspeed": (),
    "AT&T": ("AT&T Business", "ATT"),
    "Verizon": ("Verizon Business", "Verizon Wireless"),
    "T-Mobile": ("T-Mobile for Business",),
    "Comcast Business": (),
    "Comcast": ("Xfinity",),
    "Spectrum Business": ("Charter Communications", "Spectrum Enterprise"),
    "Spectrum": (),
    "Cox Business": ("Cox Communications",),
    "Frontier": ("Frontier Communications", "Frontier Business"),
    "Windstream": ("Windstream Enterprise", "Kinetic Business"),
    "Consolidated Communications": (),
    "TDS Telecom": ("TDS",),
    "Optimum Business": ("Optimum", "Altice"),
    "Zayo": (),
    "Granite Telecommunications": ("Granite",),
    "RingCentral": (),
    "Vonage": ("Vonage Business",),
    "8x8": (),
    "Nextiva": (),
    "Ooma": ("Ooma Office",),
    "Dialpad": (),
    "Intermedia": (),
    "Mitel": (),
    "Lingo": ("Lingo Communications",),
    "Fusion Connect": (),
    "Momentum Telecom": (),
    "Ziply Fiber": (),
    "altafiber": ("Cincinnati Bell",),
    "Mediacom Business": ("Mediacom",),
    "WOW! Business": ("WOW Business",),
    "Astound Business": ("Astound", "RCN"),
    "Breezeline": ("Atlantic Broadband",),
    "Sparklight Business": ("Sparklight", "Cable One"),
    "Midco": (),
    "Shentel": (),
    "GCI": (),
    "Alaska Communications": (),
    "Hawaiian Telcom": (),
    "US Cellular": ("UScellular",),
    "Twilio": (),
    "Bandwidth": (),
    "Telnyx": (),
    "Google Voice": (),
    "Zoom Phone": (),
    "Microsoft Teams Phone": (),
    "Allstream": (),
    "Earthlink": (),
    "Sprint": (),
    "XO Communications": (),
    "Qwest": (),
}


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w&!+-]+", " ", text.casefold()).split())


def _pattern(form: str) -> re.Pattern[str]:
    words = r"\W+".join(re.escape(w) for w in _key(form).split())
    return re.compile(rf"(?<![\w&]){words}(?![\w&])", re.IGNORECASE)


# (pattern of a written form, the name an order uses), longest form first
_FORMS: list[tuple[re.Pattern[str], str]] = [
    (_pattern(form), name)
    for form, name in sorted(((f, n) for n, aliases in KNOWN_CARRIERS.items() for f in (n, *aliases)),
                             key=lambda pair: -len(pair[0]))
]


def find_carrier(text: str) -> tuple[str, int, int] | None:
    """The known carrier named in `text` as whole words: (its name, start, end of the words in `text`).

    Case and punctuation around the words do not count ("LUMEN", "Lumen®").
    """
    for pattern, name in _FORMS:
        match = pattern.search(text)
        if match:
            return name, match.start(), match.end()
    return None
