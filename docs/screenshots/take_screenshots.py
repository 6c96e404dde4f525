"""Take the screenshots in docs/screenshots.md: the real app on demo data, under a private X server, in light
and dark, at 1366 × 768 and 1920 × 1080, driven with the keyboard as a coordinator would.

    .venv/bin/python docs/screenshots/take_screenshots.py [--display 81] [--sizes 1366x768,1920x1080]
        [--schemes light,dark] [--screens main,wizard,...] [--out docs/screenshots]

Needs Xvfb, openbox, xdotool, ImageMagick's `import`, and pngquant (optional: without it the PNGs are
reduced with ImageMagick). Each run starts `python -m portdesk --demo` on a fresh data folder, so the demo
is seeded anew and the screens do not depend on your own data. Not a test: it takes pictures to be looked at.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
MAIN_TITLE = "porting queue"  # "PortDesk — porting queue (demo data)"
WIZARD_STEPS = ("name", "bill", "account", "numbers", "loa", "date", "review")
SCREENS = ("main", "rejected", "fix", "carrier", "settings", "wizard", "new", "offline")
SETTLE = 1.5  # seconds for a repaint after a key whose effect has no window of its own to wait for


class Desk:
    """One X server with a window manager and one PortDesk on it."""

    def __init__(self, display: str, width: int, height: int, scheme: str, log: Path) -> None:
        self.display, self.size, self.scheme, self.log = display, (width, height), scheme, log
        self.env = dict(os.environ, DISPLAY=display)
        self.procs: list[subprocess.Popen[bytes]] = []
        self.home = Path(tempfile.mkdtemp(prefix="portdesk-shots-"))
        self.app: subprocess.Popen[bytes] | None = None

    # -- processes ------------------------------------------------------------------------------------
    def _spawn(self, command: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        out = self.log.open("ab")
        proc = subprocess.Popen(command, env=env or self.env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True, cwd=self.home)
        self.procs.append(proc)
        return proc

    def start(self) -> None:
        width, height = self.size
        self._spawn(["Xvfb", self.display, "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"])
        until(lambda: self.xdo("getdisplaygeometry", check=False).returncode == 0, 15, "Xvfb did not start")
        self._spawn(["openbox"])
        time.sleep(0.5)
        env = dict(self.env, PORTDESK_HOME=str(self.home), PORTDESK_COLOR_SCHEME=self.scheme,
                   PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep))
        env.pop("QT_QPA_PLATFORM", None)  # the real X server, not offscreen
        self.app = self._spawn([sys.executable, "-m", "portdesk", "--demo"], env)
        self.wait_window(MAIN_TITLE, 90)
        time.sleep(4)  # the demo's first rows, sync and detail pane

    def stop(self) -> None:
        for proc in reversed(self.procs):  # the app (and the sandbox it started, in its session), openbox, Xvfb
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(5)
        shutil.rmtree(self.home, ignore_errors=True)

    # -- xdotool ---------------------------------------------------------------------------------------
    def xdo(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True, timeout=60)
        if check and done.returncode != 0:
            raise RuntimeError(f"xdotool {' '.join(args)}: {done.stderr.strip()}")
        return done

    def windows(self, name: str = ".") -> list[str]:
        return self.xdo("search", "--onlyvisible", "--name", name, check=False).stdout.split()

    def titles(self) -> list[str]:
        return [self.xdo("getwindowname", w, check=False).stdout.strip() for w in self.windows()]

    def wait_window(self, name: str, timeout: float = 30) -> str:
        """The id of the first visible window whose title matches `name` (a regular expression)."""
        done = subprocess.run(["timeout", str(timeout), "xdotool", "search", "--sync", "--onlyvisible", "--name", name],
                              env=self.env, capture_output=True, text=True)
        ids = done.stdout.split()
        if not ids:
            raise RuntimeError(f"no window '{name}' within {timeout:.0f} s; on screen: {self.titles()}")
        return ids[0]

    def wait_gone(self, name: str, timeout: float = 20) -> None:
        until(lambda: not self.windows(name), timeout, f"window '{name}' still open")

    def keys(self, *keys: str, window: str | None = None) -> None:
        if window is not None:
            self.xdo("windowactivate", "--sync", window)
        for key in keys:
            self.xdo("key", "--clearmodifiers", key)
            time.sleep(0.15)

    def type(self, text: str) -> None:
        self.xdo("type", "--delay", "30", text)

    def window_picture(self, window: str) -> Path:
        """One window alone (to compare: the live queue behind it keeps changing)."""
        path = Path(tempfile.mkstemp(suffix=".png", dir=self.home)[1])
        subprocess.run(["import", "-window", window, str(path)], env=self.env, check=True, timeout=60)
        return path

    def main_window(self) -> str:
        window = self.wait_window(MAIN_TITLE)
        self.xdo("windowactivate", "--sync", window)
        return window

    # -- the queue -------------------------------------------------------------------------------------
    def select(self, name: str) -> None:
        """Select the order called `name`: search for it (the queue goes to its tab), Tab to the table,
        select its row, clear the search (the selection stays)."""
        self.main_window()
        self.keys("ctrl+f", "ctrl+a")
        self.type(name)
        time.sleep(SETTLE)
        self.keys("Tab", "Tab", "space")
        time.sleep(SETTLE)
        self.keys("ctrl+f", "ctrl+a", "BackSpace")
        time.sleep(SETTLE)


def until(test: Callable[[], bool], timeout: float, message: str) -> None:
    deadline = time.monotonic() + timeout
    while not test():
        if time.monotonic() > deadline:
            raise RuntimeError(message)
        time.sleep(0.2)


class Camera:
    def __init__(self, desk: Desk, out: Path, prefix: str) -> None:
        self.desk, self.out, self.prefix = desk, out, prefix
        self.taken: list[Path] = []

    def shot(self, screen: str) -> Path:
        path = self.out / f"{self.prefix}-{screen}.png"
        raw = path.with_suffix(".raw.png")
        subprocess.run(["import", "-window", "root", str(raw)], env=self.desk.env, check=True, timeout=60)
        shrink(raw, path)
        self.taken.append(path)
        print(f"  {path.name}  {path.stat().st_size // 1024} KB  on screen: {self.desk.titles()}", flush=True)
        return path


def shrink(raw: Path, path: Path) -> None:
    """A small PNG: 64 colours keep anti-aliased text readable in both schemes."""
    if shutil.which("pngquant"):
        subprocess.run(["pngquant", "--force", "--speed", "1", "--strip", "--output", str(path), "64", str(raw)],
                       check=True, timeout=120)
    else:
        subprocess.run(["convert", str(raw), "-colors", "64", "-strip", str(path)], check=True, timeout=120)
    if shutil.which("optipng"):
        subprocess.run(["optipng", "-quiet", "-o2", str(path)], check=True, timeout=120)
    raw.unlink()


def same_picture(a: Path, b: Path) -> bool:
    """True when fewer than 200 pixels differ (a blinking caret is not a new screen)."""
    done = subprocess.run(["compare", "-metric", "AE", "-fuzz", "5%", str(a), str(b), "null:"],
                          capture_output=True, text=True, timeout=60)
    try:
        return float(done.stderr.split()[0]) < 200
    except (IndexError, ValueError):
        return False


# -- the screens ---------------------------------------------------------------------------------------
def take_main(desk: Desk, cam: Camera) -> None:
    desk.main_window()
    cam.shot("main")


def take_rejected(desk: Desk, cam: Camera) -> None:
    desk.select("Northgate Auto Body")
    cam.shot("detail-rejected")


def take_fix(desk: Desk, cam: Camera) -> None:
    desk.select("Northgate Auto Body")
    desk.keys("ctrl+shift+f")
    wizard = desk.wait_window("^Fix: ")
    time.sleep(SETTLE * 2)  # the bill beside the account form is drawn on the PDF thread
    cam.shot("fix")
    desk.keys("Escape", window=wizard)
    desk.wait_gone("^Fix: ")


def take_carrier(desk: Desk, cam: Camera) -> None:
    desk.select("Blue Heron Coffee Roasters")
    cam.shot("queue-carrier")


def take_settings(desk: Desk, cam: Camera) -> None:
    desk.keys("ctrl+comma", window=desk.main_window())
    dialog = desk.wait_window("^PortDesk settings$")
    time.sleep(SETTLE)
    cam.shot("settings")
    general = desk.window_picture(dialog)
    desk.type("Connections")  # the page list has the focus: typing picks a page by its title
    time.sleep(SETTLE)
    if same_picture(general, desk.window_picture(dialog)):  # a PortDesk without a Connections page
        print("  (no Connections page: settings-connections not taken)")
    else:
        cam.shot("settings-connections")
    desk.keys("Escape", window=dialog)
    desk.wait_gone("^PortDesk settings$")


def take_wizard(desk: Desk, cam: Camera) -> None:
    """Every step of the wizard on the demo's draft with a bill (digits of its account number swapped)."""
    desk.select("Brightline Dental - Aurora")
    desk.keys("ctrl+shift+r")
    wizard = desk.wait_window("^Port: ")
    desk.keys("ctrl+1", window=wizard)
    for number, slug in enumerate(WIZARD_STEPS, start=1):
        if number > 1:
            desk.keys("alt+n", window=wizard)
        time.sleep(SETTLE * (2 if slug in ("bill", "account", "loa") else 1))  # PDFs are drawn off the GUI thread
        cam.shot(f"wizard-{number}-{slug}")
    desk.keys("Escape", window=wizard)
    desk.wait_gone("^Port: ")


def take_new(desk: Desk, cam: Camera) -> None:
    """A new port, as it opens (Ctrl+N)."""
    desk.keys("ctrl+n", window=desk.main_window())
    wizard = desk.wait_window("^New port")
    time.sleep(SETTLE)
    cam.shot("wizard-new")
    desk.keys("Escape", window=wizard)
    desk.wait_gone("^New port")


def take_offline(desk: Desk, cam: Camera) -> None:
    """The status bar when the carriers cannot be reached: the demo's sandbox stopped, then F5."""
    assert desk.app is not None
    children = subprocess.run(["pgrep", "-P", str(desk.app.pid)], capture_output=True, text=True).stdout.split()
    for pid in children:  # the sandbox: the only process the app starts
        os.kill(int(pid), signal.SIGTERM)
    time.sleep(1)
    desk.keys("F5", window=desk.main_window())
    time.sleep(SETTLE * 4)  # a sync cycle finds nobody answering
    cam.shot("status-offline")


TAKE: dict[str, Callable[[Desk, Camera], None]] = {
    "main": take_main, "rejected": take_rejected, "fix": take_fix, "carrier": take_carrier,
    "settings": take_settings, "wizard": take_wizard, "new": take_new, "offline": take_offline,
}


def run(display: str, size: str, scheme: str, screens: list[str], out: Path) -> list[Path]:
    width, height = (int(n) for n in size.split("x"))
    log = Path(tempfile.gettempdir()) / f"portdesk-screenshots-{scheme}-{width}.log"  # the app's output
    log.unlink(missing_ok=True)
    desk = Desk(display, width, height, scheme, log)
    cam = Camera(desk, out, f"{scheme}-{width}")
    print(f"{scheme} {width}×{height} on {display} (log: {log})", flush=True)
    try:
        desk.start()
        for screen in screens:
            try:
                TAKE[screen](desk, cam)
            except (RuntimeError, subprocess.SubprocessError) as exc:
                print(f"  {screen}: FAILED: {exc}", flush=True)
                with contextlib.suppress(RuntimeError, subprocess.SubprocessError):
                    desk.keys("Escape")  # a dialog left open would spoil the next screen
    finally:
        desk.stop()
    return cam.taken


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--display", default=":81", help="a free X display number for the private server")
    parser.add_argument("--sizes", default="1366x768,1920x1080")
    parser.add_argument("--schemes", default="light,dark")
    parser.add_argument("--screens", default=",".join(SCREENS), help=f"any of {', '.join(SCREENS)}")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    missing = [tool for tool in ("Xvfb", "openbox", "xdotool", "import") if shutil.which(tool) is None]
    if missing:
        print(f"take_screenshots: install {', '.join(missing)} first", file=sys.stderr)
        return 2
    screens = [s.strip() for s in args.screens.split(",") if s.strip()]
    unknown = sorted(set(screens) - set(SCREENS))
    if unknown:
        print(f"take_screenshots: no screen called {', '.join(unknown)}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    display = args.display if args.display.startswith(":") else f":{args.display}"
    taken: list[Path] = []
    for size in args.sizes.split(","):
        for scheme in args.schemes.split(","):
            taken += run(display, size.strip(), scheme.strip(), screens, args.out)
    total = sum(p.stat().st_size for p in taken)
    print(f"{len(taken)} screenshots, {total / 1e6:.1f} MB in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
