"""`portdesk sandbox`: the carrier sandbox on 127.0.0.1 until interrupted (cli.md)."""

from __future__ import annotations

import argparse
import signal
import sys

from portdesk.cli.common import CliError


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
    sandbox = Sandbox(world, speed=args.speed, faults=Faults(args.faults, args.fault_seed, args.fault_delay),
                      rate_limit=args.rate_limit)

    def announce(url: str) -> None:
        print(url, flush=True)

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # a service manager's SIGTERM ends it as quietly as Ctrl+C

    signal.signal(signal.SIGTERM, stop)

    try:
        serve(sandbox, args.host, args.port, announce, sys.stderr)
    except KeyboardInterrupt:
        return 0
    except OSError as exc:
        raise CliError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from None
    return 0
