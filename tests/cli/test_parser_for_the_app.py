"""`portdesk` with no command opens the desktop app: its parser builds no command's sub-parser (on the
start-up's path, issue 17), while help and anything that is not the app's options see every command."""

from __future__ import annotations

import pytest

from portdesk.cli import build_parser, opens_the_app


def _commands(argv: list[str]) -> set[str]:
    parser = build_parser(argv)
    action = next(a for a in parser._actions if a.dest == "command")
    return set(action.choices)  # type: ignore[arg-type]


@pytest.mark.parametrize("argv", [[], ["--demo"], ["--db", "sqlite:///q.sqlite3"], ["--db=sqlite:///q.sqlite3", "--demo"]])
def test_the_app_s_own_options_build_no_command_parser(argv: list[str]) -> None:
    assert opens_the_app(argv)
    assert _commands(argv) == set()
    args = build_parser(argv).parse_args(argv)
    assert args.command is None and args.demo == ("--demo" in argv)
    assert args.global_db == (None if len(argv) < 1 or argv == ["--demo"] else "sqlite:///q.sqlite3")


@pytest.mark.parametrize("argv", [["--help"], ["--demo", "-h"], ["--frobnicate"], ["lint", "order.json"]])
def test_help_another_option_or_a_command_still_sees_the_commands(argv: list[str]) -> None:
    assert not opens_the_app(argv)
    assert _commands(argv) >= ({"lint"} if argv[0] == "lint" else {"lint", "numbers", "orders", "carriers"})


def test_help_still_names_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser(["--help"]).parse_args(["--help"])
    shown = capsys.readouterr().out
    assert "check-bill" in shown and "orders" in shown and "numbers" in shown
