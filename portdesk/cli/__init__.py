"""`portdesk`: the desktop app with no arguments, the headless commands of the CLI contract otherwise.

The parser is the contract (names, flags, exit codes); each command's work lives in its own
module, imported only when that command runs, so `portdesk numbers` never loads Qt or PyMuPDF.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence

from portdesk.cli.common import EXIT_FAILED, CliError, fail

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: a cold `portdesk lint` never needs it (~1.5 ms)
if TYPE_CHECKING:
    from typing import NoReturn

# command → "module:function" under portdesk.cli
_HANDLERS = {
    "numbers": "numbers_cmd:run_numbers",
    "split": "numbers_cmd:run_split",
    "lint": "lint_cmd:run_lint",
    "check-bill": "check_bill_cmd:run_check_bill",
    "read-bill": "read_bill_cmd:run_read_bill",
    "loa": "loa_cmd:run_loa",
    "orders.import": "orders_cmd:run_import",
    "orders.list": "orders_cmd:run_list",
    "orders.show": "orders_cmd:run_show",
    "orders.export": "orders_cmd:run_export",
    "orders.submit": "submit_cmd:run_submit",
    "orders.cancel": "orders_cmd:run_cancel",
    "orders.update": "sync_cmd:run_update",
    "orders.record": "sync_cmd:run_record",
    "orders.loa-send": "signature_cmd:run_send",
    "orders.loa-return": "signature_cmd:run_return",
    "sync": "sync_cmd:run_sync",
    "carriers.add": "carriers_cmd:run_add",
    "carriers.list": "carriers_cmd:run_list",
    "carriers.test": "carriers_cmd:run_test",
    "carriers.remove": "carriers_cmd:run_remove",
    "sandbox": "sandbox_cmd:run_sandbox",
}


# One-shot commands: read their input, judge it, print, exit. What they make (the modules they import, a
# record per number, a tuple per word of a bill) is freed by reference counting or lives to the end;
# the collector's passes over it free nothing and cost `split` of 10,000 numbers ~5% of its run. They
# run with cyclic collection paused (bounded: each reads at most its input's limit, then exits), and
# what survives them is frozen, not walked once more. Long-lived commands (sync, sandbox) keep the collector.
_ONE_SHOT = frozenset({"numbers", "split", "lint", "check-bill"})

# A good run of these logs nothing: the log file is made at the start, as for every command, and logging
# is set up at the first logger asked for (platform.logs), so it is not even imported otherwise (~3 ms of
# a cold `portdesk lint`). What they load logs through platform.logs, or sets it up first (lint's documents).
_LOGS_WHEN_NEEDED = frozenset({"lint"})


def _terminal_columns() -> int:
    """shutil.get_terminal_size().columns, without importing shutil (and with it bz2, lzma: ~1 ms)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):  # no stdout, closed, not a terminal
            columns = 80
    return columns


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter, its width found as argparse finds it: every argument added makes one, and
    argparse's own imports shutil for the terminal's width."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position,
                         _terminal_columns() - 2 if width is None else width)


class _Parser(argparse.ArgumentParser):
    """A usage mistake is a job that cannot be done: one line on stderr, exit 2 (cli.md)."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_FAILED, f"{self.prog}: {' '.join(message.split())} (see {self.prog} --help)\n")


def _common() -> dict[str, _Parser]:
    json_p = _Parser(add_help=False)
    json_p.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    db_p = _Parser(add_help=False)
    db_p.add_argument("--db", metavar="URL", help="queue database URL (default: PORTDESK_DATABASE_URL or SQLite in the data folder)")
    today_p = _Parser(add_help=False)
    today_p.add_argument("--today", metavar="YYYY-MM-DD", help="judge ages and dates as of this day")
    profile_p = _Parser(add_help=False)
    profile_p.add_argument("--profile", metavar="ID", help="provider profile (default: the order's, else the configured one, else kazoo)")
    return {"json": json_p, "db": db_p, "today": today_p, "profile": profile_p}


class _Skipped:
    """Stands for the parser of a command this run does not name: its arguments are never built.

    Building all ~25 sub-parsers and ~100 arguments costs a short command several milliseconds (each
    argument makes a help formatter); the parser of the named command is built as before, so its
    options, errors and --help are the same."""

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return lambda *args, **kwargs: self

    def __setattr__(self, name: str, value: object) -> None:
        pass


class _Only:
    """A sub-parsers action that builds only the wanted command's parser (all of them when None)."""

    def __init__(self, action: argparse._SubParsersAction, wanted: str | None) -> None:  # type: ignore[type-arg]
        self._action, self._wanted = action, wanted

    def add_parser(self, name: str, **kwargs):  # type: ignore[no-untyped-def]
        if self._wanted is None or name == self._wanted:
            return self._action.add_parser(name, **kwargs)
        return _Skipped()

    @property
    def required(self) -> bool:
        return bool(self._action.required)

    @required.setter
    def required(self, value: bool) -> None:
        self._action.required = value


_GROUPS = {"orders", "carriers"}
_NO_COMMAND = ""  # a name no command has: _Only builds none


def opens_the_app(argv: Sequence[str]) -> bool:
    """`argv` names no command, only the options the desktop app takes (--demo, --db URL): the window
    opens and no sub-parser is wanted. Anything else (help, another option) builds them as before."""
    tokens = iter(argv)
    for token in tokens:
        if token == "--db":
            next(tokens, None)
        elif not (token == "--demo" or token == "--json" or token.startswith("--db=")):
            return False
    return True


def wanted_command(argv: Sequence[str]) -> tuple[str | None, str | None]:
    """The command (and the action of `orders`/`carriers`) that `argv` names, read the way the parser
    will; (None, None) when in doubt (help asked for, an option it does not know): everything is built."""
    found: list[str] = []
    tokens = iter(argv)
    for token in tokens:
        if token == "--db":  # the common options accepted before the command and before the action
            next(tokens, None)
            continue
        if token.startswith("--db=") or token == "--json" or (token == "--demo" and not found):
            continue
        if token.startswith("-"):  # --help, or an option only the whole parser can judge
            return None, None
        found.append(token)
        if found[0] not in _GROUPS or len(found) == 2:
            break
    if not found or (found[0] in _GROUPS and len(found) < 2):
        return None, None
    if ".".join(found) not in _HANDLERS:  # a typing mistake: the whole parser names the choices
        return None, None
    return found[0], found[1] if len(found) == 2 else None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole parser; given the command line, only the parser of the command it names."""
    command, action = wanted_command(argv) if argv is not None else (None, None)
    if argv is not None and opens_the_app(argv):
        command = _NO_COMMAND  # the desktop app: no command's parser is built (it is on start-up's path)
    c = _common()
    parser = _Parser(
        prog="portdesk",
        description="PortDesk: number-porting orders without rejections. With no command, opens the desktop app.",
    )
    parser.add_argument("--demo", action="store_true", help="open the app on demo data (kept in the data folder's demo/)")
    # `--db` and `--json` are common rules (cli.md): accepted before the command too, and between
    # `orders` and its action. Separate dests: a subparser's default would overwrite a value set here.
    parser.add_argument("--db", metavar="URL", dest="global_db", help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", dest="global_json", help=argparse.SUPPRESS)
    sub = _Only(parser.add_subparsers(dest="command", metavar="COMMAND"), command)

    p = sub.add_parser("numbers", parents=[c["json"]], help="parse and classify phone numbers")
    p.add_argument("file", metavar="FILE|-", help="text, CSV or XLSX file, or - for stdin")

    p = sub.add_parser("split", parents=[c["json"], c["profile"], c["db"]], help="group numbers into compliant orders")
    p.add_argument("file", metavar="FILE|-")
    p.add_argument("--create", action="store_true", help="create one suspended draft per group")
    p.add_argument("--name", default=None, help="name of the drafts created with --create")

    p = sub.add_parser("lint", parents=[c["json"], c["profile"], c["today"]], help="pre-flight checks of an order file")
    p.add_argument("order", metavar="ORDER.json")

    p = sub.add_parser("check-bill", parents=[c["json"], c["today"], c["profile"]], help="hold an order's values against its bill")
    p.add_argument("bill", metavar="BILL.pdf")
    p.add_argument("order", metavar="ORDER.json")
    p.add_argument("--ocr", action="store_true", help="read a scanned bill with OCR for this run (settings unchanged)")

    p = sub.add_parser("read-bill", parents=[c["json"]], help="read the losing carrier's account off a bill")
    p.add_argument("bill", metavar="BILL.pdf")
    p.add_argument("--ocr", action="store_true", help="OCR a scanned bill (needs Tesseract)")
    p.add_argument("-o", "--output", metavar="ORDER.json", help="also write a draft order file, the bill beside it")

    p = sub.add_parser("loa", parents=[c["json"], c["today"], c["profile"]], help="write a Letter of Authorization")
    p.add_argument("order", metavar="ORDER.json")
    p.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    p.add_argument("--sign-as", metavar="NAME")
    p.add_argument("--signature", metavar="IMAGE")

    orders = sub.add_parser("orders", help="the queue: import, list, show, export, submit, update, cancel, record")
    orders.add_argument("--db", metavar="URL", dest="group_db", help=argparse.SUPPRESS)
    orders.add_argument("--json", action="store_true", dest="group_json", help=argparse.SUPPRESS)
    osub = _Only(orders.add_subparsers(dest="orders_command", metavar="ACTION"), action)
    osub.required = True
    p = osub.add_parser("import", parents=[c["json"], c["db"]], help="import order files")
    p.add_argument("files", nargs="+", metavar="ORDER.json")
    p = osub.add_parser("list", parents=[c["json"], c["db"]], help="list orders")
    p.add_argument("--tab", choices=["suspended", "progressing", "completed"])
    p.add_argument("--search", metavar="TEXT")
    p = osub.add_parser("show", parents=[c["json"], c["db"]], help="one order in full")
    p.add_argument("id", type=int)
    p = osub.add_parser("export", parents=[c["json"], c["db"]], help="write an order file and its documents")
    p.add_argument("id", type=int)
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p = osub.add_parser("submit", parents=[c["json"], c["db"], c["today"], c["profile"]], help="lint and queue for sending")
    p.add_argument("id", type=int)
    p.add_argument("--connection", metavar="NAME", help="the carrier connection to send it through")
    # Not in cli.md (which is silent on KAZOO's 402): agree to the charges a carrier asked for, so the held
    # submit is repeated with accept_charges on the next sync. Additive; docs/ describes it.
    p.add_argument("--accept-charges", action="store_true",
                   help="agree to the charges the carrier asked for (KAZOO); the next sync submits again")
    p = osub.add_parser("cancel", parents=[c["json"], c["db"]], help="cancel an order")
    p.add_argument("id", type=int)
    _add_sending(osub, sub, c)
    _add_signature(osub, c)
    _add_carriers(sub, c, action)
    _add_sandbox(sub)
    return parser


def _add_sending(osub: _Only, sub: _Only, c: dict[str, _Parser]) -> None:
    """orders update|record and sync (issue 13)."""
    p = osub.add_parser("update", parents=[c["json"], c["db"]], help="replace an order's content (a supplement at a carrier)")
    p.add_argument("id", type=int)
    p.add_argument("order", metavar="ORDER.json")
    p = osub.add_parser("record", parents=[c["json"], c["db"]], help="record what a provider without an API reported")
    p.add_argument("id", type=int)
    p.add_argument("--status", required=True, metavar="STATUS", help="a neutral status (draft, submitted, pending, …)")
    p.add_argument("--foc", metavar="YYYY-MM-DD")
    p.add_argument("--note", metavar="TEXT")
    p.add_argument("--number", action="append", metavar="E164=STATUS", help="a number's status (repeatable)")
    p = sub.add_parser("sync", parents=[c["json"], c["db"]], help="send queued orders and follow them at the carriers")
    p.add_argument("--once", action="store_true", help="one cycle, then exit")
    p.add_argument("--connection", metavar="NAME", help="only this connection")
    p.add_argument("--interval", type=float, metavar="SECONDS", help="seconds between cycles (default: settings)")


def _add_signature(osub: _Only, c: dict[str, _Parser]) -> None:
    """orders loa-send|loa-return: the customer signs the LOA by e-mail (issue 15)."""
    p = osub.add_parser("loa-send", parents=[c["json"], c["db"]],
                        help="write the LOA to sign and an e-mail draft to the authorised user")
    p.add_argument("id", type=int)
    p.add_argument("-o", "--output", metavar="FOLDER", help="where to write it (default: LOAs to sign in the data folder)")
    p = osub.add_parser("loa-return", parents=[c["json"], c["db"]],
                        help="take back the signed LOA: it must be the one sent, with a signature added")
    p.add_argument("id", type=int)
    p.add_argument("file", metavar="SIGNED.pdf")


def _add_carriers(sub: _Only, c: dict[str, _Parser], action: str | None) -> None:
    carriers = sub.add_parser("carriers", help="carrier connections: add, list, test, remove")
    carriers.add_argument("--db", metavar="URL", dest="group_db", help=argparse.SUPPRESS)
    carriers.add_argument("--json", action="store_true", dest="group_json", help=argparse.SUPPRESS)
    csub = _Only(carriers.add_subparsers(dest="carriers_command", metavar="ACTION"), action)
    csub.required = True
    p = csub.add_parser("add", parents=[c["json"], c["db"]],
                        help="add a connection; the secret is read from stdin or PORTDESK_SECRET")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--type", required=True, choices=["kazoo", "bandwidth", "telnyx"])
    p.add_argument("--url", required=True, metavar="URL", help="the API root as the provider documents it")
    p.add_argument("--account", metavar="ID", help="KAZOO or Bandwidth account id")
    p.add_argument("--user", metavar="USER", help="KAZOO user (md5 login) or Bandwidth client id / API user")
    p.add_argument("--auth", choices=["oauth2", "basic"], help="Bandwidth: oauth2 (default) or a legacy API user")
    p = csub.add_parser("list", parents=[c["json"], c["db"]], help="list connections (no secrets)")
    p = csub.add_parser("test", parents=[c["json"], c["db"]], help="check a connection's credentials")
    p.add_argument("name", metavar="NAME")
    p = csub.add_parser("remove", parents=[c["json"], c["db"]], help="remove a connection and its secret")
    p.add_argument("name", metavar="NAME")


def _add_sandbox(sub: _Only) -> None:
    p = sub.add_parser("sandbox", help="serve the carrier sandbox (KAZOO, Bandwidth, Telnyx) until interrupted")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=0, help="port to listen on (default 0: any free port)")
    p.add_argument("--world", metavar="FILE", help="the losing carriers' accounts (JSON); default: the demo's")
    p.add_argument("--speed", type=float, default=1.0, metavar="X", help="simulated time runs X times faster")
    p.add_argument("--faults", type=float, default=0.0, metavar="RATE",
                   help="share of requests that fail like a real network (500, timeout, 429, cut body)")
    p.add_argument("--fault-seed", type=int, default=None, metavar="N", help="replay the same faults")
    p.add_argument("--fault-delay", type=float, default=12.0, metavar="SECONDS",
                   help="how long a timeout fault holds the answer (at most 60)")
    p.add_argument("--rate-limit", type=float, default=200.0, metavar="RPS",
                   help="requests per second per client before 429 (0: no limit)")
    p.add_argument("--state", metavar="FILE", help="keep the ports in FILE between runs (the demo's sandbox)")
    p.add_argument("--exit-with-stdin", action="store_true",
                   help="stop when stdin closes (the process that started it has ended)")


def _handler(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    key = args.command
    if key == "orders":
        key = f"orders.{args.orders_command}"
    elif key == "carriers":
        key = f"carriers.{args.carriers_command}"
    module_name, func = _HANDLERS[key].split(":")
    module = importlib.import_module(f"portdesk.cli.{module_name}")
    return getattr(module, func)


def _merge_common(args: argparse.Namespace) -> None:
    """`--db`/`--json` given before the command or its action count as if given after it."""
    if getattr(args, "db", None) is None:
        args.db = getattr(args, "group_db", None) or getattr(args, "global_db", None)
    if hasattr(args, "json") and (getattr(args, "group_json", False) or getattr(args, "global_json", False)):
        args.json = True


def main(argv: Sequence[str] | None = None) -> int:
    from portdesk.platform.gc_pauses import collection_paused

    given = sys.argv[1:] if argv is None else argv
    command = wanted_command(given)[0]
    with collection_paused(keep_survivors=True) if command in _ONE_SHOT else contextlib.nullcontext():
        code = _main(given)
    if argv is None and command in _EXIT_AT_ONCE:  # the program itself, not a caller in this process
        _exit_at_once(code)
    return code


# Read-only commands whose process ends with them. Python's own exit then tears down every module it
# loaded and frees each object one by one (~2-4 ms of a cold `portdesk lint`) for memory the system takes
# back at once. They end as a normal exit does, minus that: output flushed, atexit handlers run (logging
# closes its file there), then the process exits. Nothing they opened is written (lint, numbers).
_EXIT_AT_ONCE = frozenset({"lint", "numbers"})


def _exit_at_once(code: int) -> NoReturn:
    import atexit

    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a reader gone (the pipe's end closed), a stream closed
            stream.flush()
    atexit._run_exitfuncs()  # what interpreter shutdown runs first: logging.shutdown, weakref finalizers
    os._exit(code)


def _main(argv: Sequence[str]) -> int:
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    _merge_common(args)
    if args.command is None:
        from portdesk.app.gui import run_gui  # Qt only when the window is wanted

        return run_gui(demo=args.demo, db_url=args.global_db)
    from portdesk.platform import logs
    from portdesk.platform.data_folder import DataFolderError, make_log_file
    from portdesk.platform.safe_files import FileRefused

    if args.command in _LOGS_WHEN_NEEDED:
        make_log_file()  # as setup_logging_on_demand does, without importing logging
        logs.set_up_at_first_logger(_set_up_logging)
    else:
        _set_up_logging()  # the log file is opened by the first record (most runs log nothing)
    try:
        code = int(_handler(args)(args) or 0)
    except (CliError, DataFolderError, FileRefused) as exc:  # each is one line naming the path
        code = fail(str(exc))
    except KeyboardInterrupt:
        code = fail("interrupted")
    except BrokenPipeError:  # `portdesk orders list | head`: the reader has all it wanted
        _silence_stdout()
        return 0
    except Exception as exc:  # the user gets one line; the traceback goes to the log file
        logs.logger("portdesk.cli").exception("command %s failed", args.command)
        code = fail(f"internal error: {exc} (details in the log file)", EXIT_FAILED)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    return code


def _set_up_logging() -> None:
    from portdesk.platform.settings import setup_logging_on_demand

    setup_logging_on_demand()


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's own flush at exit does not complain again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
