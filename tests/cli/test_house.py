"""The CLI is one house: every subcommand comes from one table, every option of ours
has a help line, the self-test's steps register themselves, and nothing in the table
is missing from the installer's bundle."""

from __future__ import annotations

import argparse
import ast
import re
from pathlib import Path

import pytest

from daftar_cli import registry, selftest
from daftar_cli.main import main

ROOT = Path(__file__).resolve().parents[2]
#: The sandbox gateway's command line belongs to the gateway (server/sandbox_gateway/cli.py).
NOT_OURS = {"gateway"}


class _Parsed(Exception):
    pass


def _parser_of(
    command: registry.Subcommand, monkeypatch: pytest.MonkeyPatch
) -> argparse.ArgumentParser:
    """The parser a subcommand builds, caught as it parses (nothing runs)."""
    seen: list[argparse.ArgumentParser] = []

    def parse_args(self: argparse.ArgumentParser, *_a: object, **_k: object) -> None:
        seen.append(self)
        raise _Parsed

    monkeypatch.setattr(argparse.ArgumentParser, "parse_args", parse_args)
    with pytest.raises(_Parsed):
        command.load()([])
    return seen[0]


@pytest.mark.parametrize(
    "command", [c for c in registry.SUBCOMMANDS if c.name not in NOT_OURS], ids=lambda c: c.name
)
def test_every_option_has_a_help_line_and_shows_its_default(
    command: registry.Subcommand, monkeypatch: pytest.MonkeyPatch
) -> None:
    parser = _parser_of(command, monkeypatch)
    assert parser.prog == f"daftar {command.name}"
    assert parser.description
    for action in parser._actions:
        assert action.help and len(action.help) > 10, f"{command.name} {action.option_strings}"
    text = parser.format_help()
    for action in parser._actions:
        if action.option_strings and action.default not in (None, False, argparse.SUPPRESS):
            assert "default" in (
                action.help or ""
            ) or f"(default: {action.default})" in text.replace("\n", " ").replace("  ", " "), (
                command.name,
                action.dest,
            )


def test_server_help_names_the_settings_that_turn_payments_on(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from server.payments.config import ENV

    with pytest.raises(SystemExit) as stop:
        main(["server", "--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    for setting in ("gateway_url", "intimation_secret"):
        assert ENV[setting] in out
    assert "Payments are off unless" in out and "(default: 8700)" in out


def test_daftar_help_lists_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in registry.SUBCOMMANDS:
        assert re.search(rf"^  {command.name} +\S", out, re.M), command.name


def test_every_target_is_a_function_in_a_package_the_installer_collects() -> None:
    spec = (ROOT / "installers" / "daftar.spec").read_text()
    collected = set(re.findall(r'ours\("(\w+)"\)', spec))
    for command in registry.SUBCOMMANDS:
        assert callable(command.load()), command.target
        assert command.target.split(".")[0] in collected, command.target
    assert len({c.name for c in registry.SUBCOMMANDS}) == len(registry.SUBCOMMANDS)


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


def test_commands_and_demo_do_not_import_each_other() -> None:
    cli = ROOT / "daftar_cli"
    assert "daftar_cli.demo" not in _imports(cli / "commands.py")
    assert "daftar_cli.commands" not in _imports(cli / "demo.py")


def test_selftest_steps_register_themselves_in_order() -> None:
    folder = ROOT / "daftar_cli" / "selftest_steps"
    modules = {p.stem for p in folder.glob("*.py") if p.stem != "__init__"}
    assert modules == set(selftest.STEP_MODULES), "list a new step module in STEP_MODULES"
    every = selftest.SelfTest(Path("/nonexistent"), upgrade=(Path("old.db"), "5a" * 32), gui=True)
    names = [s.name for s in every.steps()]
    assert names[:2] == ["bundle contents", "fresh encrypted store"]
    assert {
        "licence application",
        "voucher",
        "challan PDF",
        "server migrations",
        "desktop window (Qt)",
        "upgrade of an older store",
    } <= set(names)
    assert names == [s.name for s in every.steps()]  # loading twice registers nothing twice
    headless = selftest.SelfTest(Path("/nonexistent"), upgrade=None, gui=False)
    left_out = set(names) - {s.name for s in headless.steps()}
    assert left_out == {"desktop window (Qt)", "upgrade of an older store"}


def test_a_new_step_runs_in_its_place(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selftest, "STEPS", list(selftest.STEPS))
    selftest.load_steps()

    @selftest.step("extra check", order=25)
    def extra(ctx: selftest.SelfTest) -> str:
        return "fine"

    names = [s.name for s in selftest.SelfTest(Path("/x"), None, gui=False).steps()]
    assert names.index("extra check") == names.index("fresh encrypted store") + 1
    with pytest.raises(ValueError, match="two self-test steps"):
        selftest.step("extra check", order=26)(extra)
