"""The provider profiles of this PortDesk, built once: the shipped ones, replaced by the user's
overrides in the data folder's profiles/ folder.

The composition root builds one catalogue and hands it to every use case and window that needs a
profile, so the LOA, the wizard, Attach bill, the checks and the headless commands all see the same
profile for the same id. A broken override file is reported once (`problems`) and skipped; the
shipped profile of that id stays in use.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
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
from portdesk.platform.logs import logger

_FILE_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


class _ShippedOnDemand(Mapping[str, Profile]):
    """The shipped profiles, each file read when its id is first asked for (`<id>.toml`), under the user's
    overrides: a command judging one order reads one profile, not every provider's file and time zone.
    Anything else (an alias, an unknown id, the whole list) reads them all, as before."""

    def __init__(self, shipped_dir: Path, overrides: Mapping[str, Profile]) -> None:
        self._dir, self._overrides = shipped_dir, dict(overrides)
        self._read: dict[str, Profile] = {}
        self._all: dict[str, Profile] | None = None

    def _everything(self) -> dict[str, Profile]:
        if self._all is None:
            every = load_profiles(None, self._dir)
            every.update(self._overrides)
            if not every:
                raise ProfileError("no provider profiles are installed")
            self._all = every
        return self._all

    def __getitem__(self, key: str) -> Profile:
        if self._all is not None:
            return self._all[key]
        if key in self._overrides:
            return self._overrides[key]
        if key not in self._read:
            path = self._dir / f"{key}.toml"
            profile = load_profile_file(path) if _FILE_ID.fullmatch(key) and path.is_file() else None
            if profile is None or profile.id != key:  # not a file named by its id: look among all of them
                return self._everything()[key]
            self._read[key] = profile
        return self._read[key]

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        try:
            self[key]
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[str]:
        return iter(self._everything())

    def __len__(self) -> int:
        return len(self._everything())


class ProfileCatalogue:
    def __init__(self, profiles: Mapping[str, Profile], *, default_id: str | None = None,
                 problems: tuple[str, ...] = ()) -> None:
        if isinstance(profiles, _ShippedOnDemand):  # read only as far as asked; "none installed" said then
            self._profiles: Mapping[str, Profile] = profiles
        else:
            if not profiles:
                raise ProfileError("no provider profiles are installed")
            self._profiles = MappingProxyType(dict(profiles))
        self.default_id = default_id or FALLBACK_PROFILE
        self.problems = problems  # one line per override file that could not be used

    @classmethod
    def build(cls, user_dir: Path | None, *, default_id: str | None = None,
              shipped_dir: Path = SHIPPED_DIR) -> ProfileCatalogue:
        """Shipped profiles, then each readable override of `user_dir` in name order (every override is
        read and checked now, so a broken one is reported at once; the shipped ones as they are asked for)."""
        profiles: dict[str, Profile] = {}
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
            logger(__name__).warning("profile override ignored: %s", problem)
        return cls(_ShippedOnDemand(shipped_dir, profiles), default_id=default_id, problems=tuple(problems))

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
