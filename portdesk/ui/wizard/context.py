"""What every wizard page shares: the adapters the composition root injects, and the order being typed.

The pages edit `WizardContext.order` in place and say so (`WizardPage.edited`); the window saves it.
PDF adapters (inspect, generate, sign, render) are plain callables from the documents room, passed in
by app.py, so the wizard never imports PyMuPDF or reportlab; they always run on the PDF thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from portdesk.domain.bill_intake import BillIntake
from portdesk.domain.documents import BillCheck, DocumentFacts
from portdesk.domain.findings import Finding
from portdesk.domain.loa_contents import LoaText
from portdesk.domain.order import PortOrder
from portdesk.domain.profiles import FALLBACK_PROFILE, Profile
from portdesk.services.bills import BillReader
from portdesk.services.drafts import Draft, DraftService, wizard_state
from portdesk.services.judgement import Evidence, LoaTextReader, judge
from portdesk.services.numbers_import import RowsReader
from portdesk.services.package import PackageService
from portdesk.ui.jobs import JobRunner, Lane

DocumentInspector = Callable[[str, str, bytes], DocumentFacts]  # kind, file name, bytes → facts
LoaGenerator = Callable[[PortOrder], bytes]
BillChecker = Callable[[bytes, PortOrder, dt.date], BillCheck]
IntakeReader = Callable[[bytes], BillIntake]  # a bill's bytes → the account proposed from it


class LoaSigner(Protocol):
    def __call__(self, unsigned_pdf: bytes, signer: str, signed_at: dt.datetime, *,
                 signature_png: bytes | None = None, typed: bool = False, title: str | None = None) -> bytes: ...


@dataclass
class WizardAdapters:
    """Everything the wizard needs from outside the UI; app.py builds it, tests build a real one."""

    drafts: DraftService
    profiles: Mapping[str, Profile]
    jobs: JobRunner  # the db and pdf pools (tests pass the synchronous runner)
    inspect_document: DocumentInspector | None = None
    generate_loa: LoaGenerator | None = None
    sign_loa: LoaSigner | None = None
    reader: BillReader | None = None  # renders page 1 of an LOA for the preview
    check_bill: BillChecker | None = None
    default_profile: str = FALLBACK_PROFILE
    read_spreadsheet: RowsReader | None = None  # XLSX number lists in step 4
    package: PackageService | None = None  # summary PDF and submission package in step 7
    read_loa_text: LoaTextReader | None = None  # the signed LOA's text, held against the order
    read_intake: IntakeReader | None = None  # bill intake: the account proposed from the bill
    settings_path: Path | None = None  # the window's QSettings file (the last folder bills came from)
    signatures: Any = None  # services.signature_requests.SignatureRequests: send the LOA for signature
    signature_folder: Path | None = None  # where LOAs to sign are written (to attach to the e-mail)
    portability: Any = None  # services.portability.PortabilityService: the numbers step's check (net pool)


# Which step fixes a finding: the first prefix that matches its field wins.
STEP_OF_FIELD: tuple[tuple[str, int], ...] = (
    ("documents.bill", 1), ("documents.loa", 4), ("account", 2), ("losing_carrier", 2),
    ("numbers", 3), ("port_type", 3), ("new_btn", 3), ("requested", 5), ("contacts", 5),
    ("name", 0), ("kind", 0), ("profile", 0),
)


def step_of(field_path: str) -> int:
    for prefix, step in STEP_OF_FIELD:
        if field_path.startswith(prefix):
            return step
    return 6


@dataclass
class WizardContext:
    adapters: WizardAdapters
    order: PortOrder
    draft: Draft | None = None
    facts: dict[str, DocumentFacts] = field(default_factory=dict)  # bill, loa as measured
    bill_data: bytes | None = None
    bill_check: BillCheck | None = None
    loa_text: LoaText | None = None  # the attached LOA's text as read (None: not read)
    intake: BillIntake | None = None  # what intake read off the attached bill (proposals, not confirmed)
    today: dt.date = field(default_factory=dt.date.today)
    # Set by the window: creates the draft now if needed (documents need an order to belong to).
    ensure_draft: Callable[[], bool] = lambda: False
    # Set by the window: create the draft if needed and save now (before a split or a signature).
    flush: Callable[[], bool] = lambda: False
    pdf: Lane = field(init=False)  # PDF work: measuring, generating, signing, rendering
    db: Lane = field(init=False)  # every store call: `db.call(...)` where the step needs the answer

    def __post_init__(self) -> None:
        self.pdf = self.adapters.jobs.lane("pdf")
        self.db = self.adapters.jobs.lane("db")

    @property
    def state(self) -> dict[str, Any]:
        """The wizard's own keys in the order (x_wizard), created on first use."""
        raw = self.order.extra.get("x_wizard")
        if not isinstance(raw, dict):
            raw = wizard_state(self.order)
            self.order.extra["x_wizard"] = raw
        return raw

    @property
    def profile(self) -> Profile:
        profiles = self.adapters.profiles
        wanted = self.order.profile or self.adapters.default_profile
        if wanted in profiles:
            return profiles[wanted]
        return profiles.get(self.adapters.default_profile) or next(iter(profiles.values()))

    def findings(self) -> list[Finding]:
        """Every pre-flight finding for the order as typed, with the documents as measured: the
        submission judgement every door uses (services.judgement.judge)."""
        evidence = Evidence(self.facts, self.bill_check, self.loa_text if "loa" in self.facts else None)
        return judge(self.order, evidence, self.profile, self.today)

    def measure_loa(self, filename: str, data: bytes) -> tuple[DocumentFacts | None, LoaText | None]:
        """What the judge needs of an LOA: its facts and its text (run it on the PDF thread)."""
        inspect, read = self.adapters.inspect_document, self.adapters.read_loa_text
        facts = inspect("loa", filename, data) if inspect is not None else None
        text = None
        if read is not None and (facts is None or (facts.readable and not facts.encrypted)):
            try:
                text = read(data)
            except Exception:  # judged by its signing record alone when its text cannot be read
                text = None
        return facts, text
