"""`portdesk sandbox`: the carrier sandbox on 127.0.0.1 until interrupted (cli.md)."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from portdesk.cli.common import CliError

if TYPE_CHECKING:
    from portdesk.sandbox.server import Sandbox


def run_sandbox(args: argparse.Namespace) -> int:
    from portdesk.sandbox.faults import Faults
    from portdesk.sandbox.server import Sandbox, serve
    from portdesk.sandbox.world import WorldError, bundled_world, load_world

    if not args.speed > 0:
        raise CliError(f"--speed {args.speed}: expected a positive number")
    if not 0 <= args.faults <= 1:
        raise CliError(f"--faults {args.faults}: expected a share between 0 and 1 (0.05 = 5% of requests)")
    if not 0 <= args.port <= 65535:
        raise CliError(f"--port {args.port}: expected 0 (any free port) to 65535")
    try:
        world = load_world(args.world) if args.world else bundled_world()
    except WorldError as exc:
        raise CliError(f"--world {exc}") from None
    options = {"world": world, "speed": args.speed, "faults": Faults(args.faults, args.fault_seed, args.fault_delay),
               "rate_limit": args.rate_limit}
    state = Path(args.state) if getattr(args, "state", None) else None
    if state is None:
        sandbox = Sandbox(**options)  # type: ignore[arg-type]
    else:
        from portdesk.sandbox.snapshot import StateError, resumed_sandbox, save_state

        try:
            sandbox = resumed_sandbox(state, **options)
        except (StateError, OSError) as exc:
            raise CliError(f"--state {exc}") from None
        _keep_saving(sandbox, state, save_state)

    def announce(url: str) -> None:
        print(url, flush=True)

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # a service manager's SIGTERM ends it as quietly as Ctrl+C

    signal.signal(signal.SIGTERM, stop)
    if getattr(args, "exit_with_stdin", False):
        _exit_when_stdin_closes()  # after the SIGTERM handler: it ends the server through it

    try:
        serve(sandbox, args.host, args.port, announce, sys.stderr)
    except KeyboardInterrupt:
        return 0
    except OSError as exc:
        raise CliError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from None
    finally:
        if state is not None:
            save_state(sandbox, state)
    return 0


SAVE_EVERY = 2.0  # seconds: a sandbox killed outright loses at most this much of its ports' life


def _keep_saving(sandbox: Sandbox, path: Path, save: Callable[[Sandbox, Path], None]) -> None:
    def loop() -> None:
        while not stopped.wait(SAVE_EVERY):
            try:
                save(sandbox, path)
            except OSError as exc:
                print(f"portdesk sandbox: cannot save its state to {path.name}: {exc}", file=sys.stderr)

    stopped = threading.Event()
    threading.Thread(target=loop, name="sandbox-state", daemon=True).start()


def _exit_when_stdin_closes() -> None:
    """The demo's sandbox ends with the app that started it: the app holds the other end of stdin,
    and the operating system closes it however the app ends (quit, crash, kill -9)."""
    def watch() -> None:
        while sys.stdin.buffer.read(4096):
            pass
        # SIGTERM, not interrupt_main(): a program started in a shell's background ignores SIGINT,
        # and interrupt_main() then does nothing.
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="sandbox-parent-watch", daemon=True).start()
