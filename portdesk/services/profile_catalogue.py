"""The provider profiles of this PortDesk, built once: the shipped ones, replaced by the user's
overrides in the data folder's profiles/ folder.

The composition root builds one catalogue and hands it to every use case and window that needs a
profile, so the LOA, the wizard, Attach bill, the checks and the headless commands all see the same
profile for the same id. A broken override file is reported once (`problems`) and skipped; the
shipped profile of that id stays in use.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from portdesk.domain.profiles import (
    FALLBACK_PROFILE,
    SHIPPED_DIR,
    Profile,
    ProfileError,
    choose_profile_id,
    find_profile,
    load_profile_file,
    load_profiles,
)

log = logging.getLogger(__name__)


class ProfileCatalogue:
    def __init__(self, profiles: Mapping[str, Profile], *, default_id: str | None = None,
                 problems: tuple[str, ...] = ()) -> None:
        if not profiles:
            raise ProfileError("no provider profiles are installed")
        self._profiles: Mapping[str, Profile] = MappingProxyType(dict(profiles))
        self.default_id = default_id or FALLBACK_PROFILE
        self.problems = problems  # one line per override file that could not be used

    @classmethod
    def build(cls, user_dir: Path | None, *, default_id: str | None = None,
              shipped_dir: Path = SHIPPED_DIR) -> ProfileCatalogue:
        """Shipped profiles, then each readable override of `user_dir` in name order."""
        profiles = load_profiles(None, shipped_dir)
        problems: list[str] = []
        if user_dir is not None and user_dir.is_dir():
            for path in sorted(user_dir.glob("*.toml")):
                try:
                    profile = load_profile_file(path)
                except ProfileError as exc:
                    problems.append(str(exc))
                    continue
                profiles[profile.id] = profile
        for problem in problems:
            log.warning("profile override ignored: %s", problem)
        return cls(profiles, default_id=default_id, problems=tuple(problems))

    @property
    def profiles(self) -> Mapping[str, Profile]:
        """Every profile by id (read-only)."""
        return self._profiles

    def get(self, profile_id: str) -> Profile:
        """One profile by id or alias; ProfileError naming the known ones when unknown."""
        return find_profile(self._profiles, profile_id)

    def for_order(self, order_profile: str | None, explicit: str | None = None) -> Profile:
        """The profile that judges an order: `explicit`, else the order's, else the default, else kazoo."""
        return self.get(choose_profile_id(explicit, order_profile, self.default_id))

    def provider_name(self, profile_id: str | None) -> str:
        """The gaining provider's display name for an LOA; the id itself when the profile is unknown."""
        pid = profile_id or self.default_id
        try:
            return self.get(pid).name or pid
        except ProfileError:
            return pid
