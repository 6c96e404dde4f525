"""A demo folder seeded once per test run, copied for every test that only needs a seeded demo.

Seeding the demo plays a month of every demo order's life at an in-process sandbox (61 sync cycles):
2.5 s of processor time, which a dozen UI tests paid again each. Here it runs once for the whole run
(the pytest-xdist workers share it: the first to ask builds it under a file lock, the others wait and
copy), the same way the app seeds on its first start (gui.build_window), into a `demo/` folder of its
own. Each test gets a private copy of that folder, which the app then opens as it opens existing demo
data on a restart: the database and the sandbox's saved ports are plain files in the folder, and the
demo's connections are pointed at the sandbox the app starts (demo.sandbox.point_connections_at), so
nothing in a copy refers to the original.

The tests whose subject is the seeding itself (the first start, a restart keeping the data, "Reset
demo data") keep seeding for real (tests/ui/test_demo_housekeeping.py).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

DONE = "seeded-demo"  # the finished template: the user's data folder, holding demo/


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """One builder at a time across the workers of a run; without fcntl (Windows) each worker builds its own."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    with open(path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _seed(home: Path) -> None:
    """What build_window(demo=True) does on the demo's first start, without the window."""
    from portdesk.app.gui import _seeding_sandbox, open_store
    from portdesk.demo.orders import DEMO_FOLDER, mark_seeded, needs_seeding, seed_demo

    demo = home / DEMO_FOLDER
    demo.mkdir(parents=True)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PORTDESK_HOME", str(demo))
        env.setenv("XDG_DATA_HOME", str(home / "xdg-data"))
        env.setenv("XDG_CONFIG_HOME", str(home / "xdg-config"))
        env.delenv("PORTDESK_DATABASE_URL", raising=False)
        assert needs_seeding(demo)
        store, _ = open_store(None)
        try:
            seed_demo(store, carriers=_seeding_sandbox(demo, store))
        finally:
            store.engine.dispose()  # the last connection closes: the WAL is checkpointed into the file
        mark_seeded(demo)
    assert not needs_seeding(demo)


def seeded_template(root: Path) -> Path:
    """The seeded data folder under `root` (shared by the run's workers), built by whoever comes first."""
    done = root / DONE
    with _locked(root / f"{DONE}.lock"):
        if not done.is_dir():
            building = root / f"{DONE}.building-{os.getpid()}"
            shutil.rmtree(building, ignore_errors=True)
            _seed(building)
            building.rename(done)  # whole or not at all: a worker that died mid-seeding leaves no template
    return done


def copy_seeded(template: Path, home: Path) -> Path:
    """A private copy of the seeded demo in the data folder `home` (its demo/ folder); returns `home`."""
    from portdesk.demo.orders import DEMO_FOLDER

    shutil.copytree(template / DEMO_FOLDER, home / DEMO_FOLDER)
    return home
