"""The shape every command keeps: a module in cpstrat/commands with a run() that returns an Outcome,
and a Typer declaration in cpstrat/cli that only passes options to it."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import typer.main

import cpstrat.commands
from cpstrat.cli.typer_app import app
from cpstrat.commands.outcome import Outcome

COMMANDS = sorted(m.name for m in pkgutil.iter_modules(cpstrat.commands.__path__) if m.name != "outcome")
TYPER_APP = Path(inspect.getfile(app.registered_commands[0].callback))


def test_every_typer_command_has_its_own_module():
    declared = sorted(typer.main.get_command(app).commands)
    assert sorted(name.replace("-", "_") for name in declared) == COMMANDS


def test_every_command_module_returns_an_outcome():
    for name in COMMANDS:
        module = importlib.import_module(f"cpstrat.commands.{name}")
        run = getattr(module, "run", None)
        assert callable(run), f"cpstrat/commands/{name}.py has no run()"
        assert inspect.signature(run).return_annotation in ("Outcome", Outcome), name


def test_the_typer_bodies_only_call_their_command():
    """Each declared command's body is an import of its command module and one call (build adds its bar)."""
    tree = ast.parse(TYPER_APP.read_text("utf-8"))
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or not any(
                isinstance(d, ast.Call) and getattr(d.func, "attr", "") == "command" for d in node.decorator_list):
            continue
        body = [s for s in node.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
        imports = [s for s in body if isinstance(s, ast.ImportFrom)]
        assert imports and all(s.module == "cpstrat.commands" for s in imports), node.name
        branches = [s for s in ast.walk(node) if isinstance(s, (ast.For, ast.While, ast.Try))]
        assert not branches, f"{node.name}: logic belongs in cpstrat/commands, not in the Typer declaration"


def test_a_command_runs_without_typer(small):
    from cpstrat.commands import check

    outcome = check.run([small])
    assert outcome.code == 0
    assert outcome.stdout and f"{small}: ok" in outcome.stdout[0]
