"""`cpstrat git-setup`: tell this clone's git to show strategies through `cpstrat textconv`.

git never takes a textconv command from the repository itself: a command named
in a committed file would run on the machine of everyone who cloned it, so any
repository could run anything. `.gitattributes` (committed, shared) only names
the driver, `diff=cpstrat`; the command behind that name lives in each clone's
own `.git/config`, written here.
"""

from __future__ import annotations

import os
import shlex
import shutil
import stat
import sys
import tempfile
from pathlib import Path

from cpstrat.format.diagnostics import CpstratError
from cpstrat.format.files import output_problem
from cpstrat.git import source as gitsource
from cpstrat.util.files import write_atomic

# The files the driver is for: a strategy folder's strategy.yaml, progress files and local offer, at any depth.
# Other YAML in the repository (.pre-commit-config.yaml, CI workflows) keeps git's plain text diff.
PATTERNS = ("strategy.yaml", "local-offer.yaml", "**/progress/*.yaml", "**/progress/*.yml")
ATTRIBUTE = "\n".join(f"{pattern} diff=cpstrat" for pattern in PATTERNS)
# What git-setup wrote before: every YAML file. Replaced by the lines above when found.
OLD_ATTRIBUTE = "*.yaml diff=cpstrat"
# Paths each of which must get the driver for the attributes to count as naming it.
PROBES = ("strategy.yaml", "plans/walsall/strategy.yaml", "local-offer.yaml", "plans/walsall/local-offer.yaml",
          "progress/2023-03-31.yaml", "plans/walsall/progress/2023-03-31.yaml")


def default_command() -> str:
    """The command git runs, by absolute paths: git may run it with a PATH that has neither cpstrat nor this
    Python on it (a GUI client, a hook, `env -i`). The installed `cpstrat` program when there is one,
    else this interpreter running the module, told where the package is when it is not installed."""
    program = shutil.which("cpstrat")
    if program:
        return f"{shlex.quote(os.path.abspath(program))} textconv"
    command = f"{shlex.quote(os.path.abspath(sys.executable))} -m cpstrat textconv"
    package_home = str(Path(__file__).resolve().parent.parent.parent)
    if not _importable_without_help(package_home):
        command = f"PYTHONPATH={shlex.quote(package_home)} {command}"
    return command


def _importable_without_help(home: str) -> bool:
    """Whether a fresh interpreter finds this cpstrat (installed in its site-packages) from any folder."""
    import site

    places = [*site.getsitepackages(), site.getusersitepackages()]
    return any(os.path.abspath(p) == home for p in places)


def setup(cwd: Path, command: str | None = None, shared: bool = True) -> list[str]:
    """Write the driver's config and attribute; return what was done, one line each."""
    root, _ = gitsource.repo_root(cwd, "git-setup")
    command = command or default_command()
    if shared:
        attributes = root / ".gitattributes"
    else:
        found = gitsource.git(["rev-parse", "--git-path", "info/attributes"], cwd=root)
        attributes = root / found.stdout.decode().strip()
    text = _read_regular(attributes, root)  # first: a refused file leaves the config untouched too
    out = gitsource.git(["config", "--local", "diff.cpstrat.textconv", command], cwd=root)
    if out.returncode != 0:
        raise CpstratError([gitsource.git_failed(out.stderr.decode(errors="replace").strip())])
    done = [f"set diff.cpstrat.textconv = {command} (in this clone's .git/config)"]
    lines = text.splitlines(keepends=True)
    old = [line for line in lines if line.strip() == OLD_ATTRIBUTE]
    if old:  # written by an earlier git-setup: it gave every YAML file the driver
        text = "".join(line for line in lines if line.strip() != OLD_ATTRIBUTE)
    if names_driver(text) and not old:
        done.append(f"{attributes.relative_to(root)} already names the cpstrat driver")
    else:
        data = text + ("" if not text or text.endswith("\n") else "\n") + ATTRIBUTE + "\n"
        try:
            write_atomic(attributes, data.encode("utf-8", "surrogateescape"))
        except OSError as exc:
            raise CpstratError([output_problem(str(attributes), f"cannot write the file: {exc.strerror or exc}",
                                               "check the file can be written to, or use --private")]) from None
        done.append(f"{'replaced `' + OLD_ATTRIBUTE + '` (every YAML file) with' if old else 'added'} "
                    f"`{'`, `'.join(ATTRIBUTE.splitlines())}` in {attributes.relative_to(root)}"
                    + (" (commit it so others' clones use the driver too)" if shared else ""))
    return done


def _read_regular(attributes: Path, root: Path) -> str:
    """The attributes file's text ('' when absent); a symbolic link is refused, never followed.

    Following one would copy whatever file it points at (any file the user can
    read) into a file that git-setup then asks the user to commit.
    """
    try:
        fd = os.open(attributes, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        return ""
    except OSError as exc:
        if attributes.is_symlink():
            raise CpstratError([output_problem(
                str(attributes.relative_to(root)), "it is a symbolic link, and git-setup does not follow links",
                "replace it with a regular file (or remove it) and run git-setup again")]) from None
        raise CpstratError([output_problem(str(attributes), f"cannot read the file: {exc.strerror or exc}",
                                           "check the file can be read")]) from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise CpstratError([output_problem(str(attributes.relative_to(root)), "it is not a regular file",
                                               "replace it with a regular file and run git-setup again")])
        # surrogateescape: bytes that are not UTF-8 are kept exactly as they were
        return handle.read().decode("utf-8", "surrogateescape")


def names_driver(text: str) -> bool:
    """Whether attributes `text` gives strategy, progress and local offer files `diff=cpstrat`, as git reads it.

    git check-attr answers, in an empty repository holding only this text, so
    comments, quoting, macros and later lines that unset the attribute count as they do for git.
    """
    with tempfile.TemporaryDirectory(prefix="cpstrat-attr-") as scratch:
        made = gitsource.git(["init", "-q", scratch])
        if made.returncode != 0:
            raise CpstratError([gitsource.git_failed(made.stderr.decode(errors="replace").strip())])
        Path(scratch, ".gitattributes").write_bytes(text.encode("utf-8", "surrogateescape"))
        out = gitsource.git(["-c", f"core.attributesFile={os.devnull}", "check-attr", "diff", "--", *PROBES],
                            cwd=scratch)
    if out.returncode != 0:
        raise CpstratError([gitsource.git_failed(out.stderr.decode(errors="replace").strip())])
    return out.stdout.decode(errors="replace").splitlines() == [f"{probe}: diff: cpstrat" for probe in PROBES]
