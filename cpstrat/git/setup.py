"""`cpstrat git-setup`: tell this clone's git to show strategies through `cpstrat textconv`.

git never takes a textconv command from the repository itself: a command named
in a committed file would run on the machine of everyone who cloned it, so any
repository could run anything. `.gitattributes` (committed, shared) only names
the driver, `diff=cpstrat`; the command behind that name lives in each clone's
own `.git/config`, written here.
"""

from __future__ import annotations

import shlex
import shutil
import sys
from pathlib import Path

from cpstrat.format.diagnostics import CpstratError
from cpstrat.format.files import output_problem, write_atomic
from cpstrat.git import source as gitsource

ATTRIBUTE = "*.yaml diff=cpstrat"


def default_command() -> str:
    """`cpstrat textconv` when cpstrat is on PATH, else this interpreter running the module."""
    if shutil.which("cpstrat"):
        return "cpstrat textconv"
    return f"{shlex.quote(sys.executable)} -m cpstrat textconv"


def setup(cwd: Path, command: str | None = None, shared: bool = True) -> list[str]:
    """Write the driver's config and attribute; return what was done, one line each."""
    root, _ = gitsource.repo_root(cwd, "git-setup")
    command = command or default_command()
    out = gitsource.git(["config", "--local", "diff.cpstrat.textconv", command], cwd=root)
    if out.returncode != 0:
        raise CpstratError([gitsource.git_failed(out.stderr.decode(errors="replace").strip())])
    done = [f"set diff.cpstrat.textconv = {command} (in this clone's .git/config)"]
    if shared:
        attributes = root / ".gitattributes"
    else:
        found = gitsource.git(["rev-parse", "--git-path", "info/attributes"], cwd=root)
        attributes = root / found.stdout.decode().strip()
    # surrogateescape: bytes that are not UTF-8 are kept exactly as they were
    text = attributes.read_bytes().decode("utf-8", "surrogateescape") if attributes.is_file() else ""
    if any("diff=cpstrat" in line.split()[1:] for line in text.splitlines()):
        done.append(f"{attributes.relative_to(root)} already names the cpstrat driver")
    else:
        data = text + ("" if not text or text.endswith("\n") else "\n") + ATTRIBUTE + "\n"
        try:
            write_atomic(attributes, data.encode("utf-8", "surrogateescape"))
        except OSError as exc:
            raise CpstratError([output_problem(str(attributes), f"cannot write the file: {exc.strerror or exc}",
                                               "check the file can be written to, or use --private")]) from None
        done.append(f"added `{ATTRIBUTE}` to {attributes.relative_to(root)}"
                    + (" (commit it so others' clones use the driver too)" if shared else ""))
    return done
