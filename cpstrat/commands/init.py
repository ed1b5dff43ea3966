"""`cpstrat init`: a starter strategy, one action per principle, its placeholders marked for `check` (CP184)."""

from __future__ import annotations

from pathlib import Path

from cpstrat.commands.outcome import Outcome, unknown_framework, usage, write_file
from cpstrat.format import frameworks
from cpstrat.format.files import OFFER_FILE
from cpstrat.format.skeleton import offer_skeleton, skeleton, write_schemas


def run(directory: Path, council: str = "Example Council", framework: str = frameworks.DEFAULT,
        force: bool = False, local_offer: bool = False) -> Outcome:
    if local_offer:
        return _offer(directory, council, force)
    known = frameworks.available()
    if framework not in known:
        return unknown_framework(framework, known)
    return _starter(directory, directory / "strategy.yaml", skeleton(council, known[framework]), ["progress"], force)


def _offer(directory: Path, council: str, force: bool) -> Outcome:
    """A starter local-offer.yaml in directory (beside strategy.yaml, or on its own)."""
    return _starter(directory, directory / OFFER_FILE, offer_skeleton(council), [], force)


def _starter(directory: Path, target: Path, text: str, folders: list[str], force: bool = False) -> Outcome:
    """Write a starter file (never over one that exists, unless forced), the folders beside it and the schemas."""
    if target.exists() and not force:
        return usage(f"{target}: already exists; use --force to overwrite it")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for folder in folders:
            (directory / folder).mkdir(exist_ok=True)
    except OSError as exc:
        return usage(f"{directory}: cannot create the folder: {exc.strerror or exc}")
    problem = write_file(target, text.encode("utf-8"))
    if problem:
        return problem
    try:
        write_schemas(directory / "schema")
    except OSError as exc:
        return usage(f"{directory / 'schema'}: cannot write the schemas: {exc.strerror or exc}")
    return Outcome(stdout=[f"wrote {target}; next: edit it, then run `cpstrat check {directory}`"])
