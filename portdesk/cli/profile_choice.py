"""The profile a headless command judges with: --profile, else the order's, else the configured one, else kazoo.

Its own module so `portdesk lint` and `portdesk loa` choose a profile without importing the number-list
readers of `portdesk numbers` (csv, the spreadsheet reader).
"""

from __future__ import annotations

from portdesk.cli.common import CliError
from portdesk.domain.profiles import Profile, ProfileError


def resolve_profile(explicit: str | None, order_profile: str | None = None, source: str | None = None) -> Profile:
    """--profile, else the order's, else the configured default, else kazoo; CliError when unknown.

    `source` is the file the command was given: the one-line error names it (cli.md, Common rules)."""
    from portdesk.cli.wiring import profile_catalogue

    # a profile named on the command line or in the order: the configured default is not needed
    catalogue = profile_catalogue(source, default_wanted=not (explicit or order_profile))
    try:
        return catalogue.for_order(order_profile, explicit)
    except ProfileError as exc:
        raise CliError(f"{source or 'profile ' + (explicit or order_profile or catalogue.default_id)}: {exc}") from None
