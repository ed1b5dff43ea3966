"""The command line: a thin layer that calls the pipeline and picks exit codes.

Heavy modules (python-docx, Jinja) are imported inside the commands that need
them, so `cpstrat check` starts fast.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer

from cpstrat.commands.check import colour_wanted

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    help="Compile council corporate parenting strategies into checked action plans and board reports.",
)


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"
    junit = "junit"
    sarif = "sarif"


def _print(text: str, colour: bool = False, err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    if colour:
        from rich.console import Console

        Console(file=stream, highlight=False, soft_wrap=True).print(text)
    else:
        print(text, file=stream)


def fail(diagnostics, code: int | None = None) -> None:
    """Print diagnostics that stop a command, then exit (2 for unreadable input, else 1)."""
    from cpstrat.format.diagnostics import CpstratError

    for d in diagnostics:
        _print(f"{d.file}:{d.line}:{d.column}: {d.severity} {d.code} {d.message}\n    hint: {d.hint}", err=True)
    raise typer.Exit(code if code is not None else CpstratError(diagnostics).exit_code)


@app.command()
def check(
    paths: list[Path] = typer.Argument(..., help="Strategy files or folders; a folder of strategy folders checks each."),
    format: CheckFormat = typer.Option(
        CheckFormat.text, "--format", "-f",
        help="Output format: text, json, github (Actions annotations), junit (JUnit XML) or sarif (SARIF 2.1.0)."),
    strict: bool = typer.Option(False, "--strict", help="Fail on warnings too."),
) -> None:
    """Validate strategies and their progress files.

    Exit 0 when clean (warnings allowed), 1 on any error (or warning with
    --strict), 2 when an input cannot be read at all.
    """
    from cpstrat.commands.check import run_check

    raise typer.Exit(run_check(paths, format.value, strict))


@app.command()
def principles(
    framework: str = typer.Option("england-2017", "--framework", help="Framework id."),
    list_all: bool = typer.Option(False, "--list", help="List the frameworks cpstrat knows."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List a framework's statutory principles with their wording and citation."""
    import json

    from cpstrat.format import frameworks
    from cpstrat.format.diagnostics import make, suggest

    known = frameworks.available()
    if list_all:
        for fw in known.values():
            print(frameworks.summary(fw))
        return
    fw = known.get(framework)
    if fw is None:
        fail([make("CP028", "<command line>", value=framework, suggestion=suggest(framework, known),
                   allowed=", ".join(known))], code=2)
    if as_json:
        print(json.dumps({
            "id": fw.id, "act": fw.act, "citation": fw.citation, "source": fw.source, "status": fw.status,
            "commencement": fw.commencement or None, **frameworks.law(fw),
            "principles": [{"id": p.id, "ref": p.ref, "citation": p.citation, "title": p.title,
                            "wording": p.wording} for p in fw.principles],
        }, indent=2, ensure_ascii=False))
        return
    print(f"{fw.citation} ({fw.when()})")
    print(f"{fw.source}\n")
    for p in fw.principles:
        print(f"{p.id:<22} {p.citation:<10} {p.title}\n{'':<33} {p.wording}")


@app.command()
def review(
    path: Path = typer.Argument(..., help="A strategy file or folder."),
    as_at: str = typer.Option(None, "--as-at", help="Review as at this date (YYYY-MM-DD); default today."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List what in a strategy needs another look since statute changed, with dates and citations."""
    import datetime as dt

    from cpstrat.commands.review import run_review

    day = None
    if as_at is not None:
        try:
            day = dt.date.fromisoformat(as_at)
        except ValueError:
            _print(f"--as-at {as_at!r}: give a date as YYYY-MM-DD, e.g. 2026-12-01", err=True)
            raise typer.Exit(2) from None
    raise typer.Exit(run_review(path, day, "json" if as_json else "text"))


@app.command()
def schema(
    progress: bool = typer.Option(False, "--progress", help="The schema of a progress file instead."),
) -> None:
    """Print the JSON Schema of the strategy file (for editors and CI)."""
    import json

    from cpstrat.format.schema import json_schema

    print(json.dumps(json_schema("progress" if progress else "strategy"), indent=2))


@app.command()
def init(
    directory: Path = typer.Argument(..., help="Folder to create the strategy in."),
    council: str = typer.Option("Example Council", "--council", help="The council's name."),
    framework: str = typer.Option("england-2017", "--framework", help="Framework id."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing strategy.yaml."),
) -> None:
    """Write a skeleton strategy (one starter action per principle) that checks clean."""
    from cpstrat.format import frameworks
    from cpstrat.format.diagnostics import make, suggest
    from cpstrat.format.files import write_atomic
    from cpstrat.format.skeleton import skeleton, write_schemas

    known = frameworks.available()
    if framework not in known:
        fail([make("CP028", "<command line>", value=framework, suggestion=suggest(framework, known),
                   allowed=", ".join(known))], code=2)
    target = directory / "strategy.yaml"
    if target.exists() and not force:
        print(f"{target}: already exists; use --force to overwrite it", file=sys.stderr)
        raise typer.Exit(2)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "progress").mkdir(exist_ok=True)
    write_atomic(target, skeleton(council, known[framework]).encode("utf-8"))
    write_schemas(directory / "schema")
    print(f"wrote {target}; next: edit it, then run `cpstrat check {directory}`")

# -- Excel round trip (cpstrat/xlsx/) ------------------------------------------------


def _warn(diagnostics) -> None:
    for d in diagnostics:
        _print(f"{d.file}:{d.line}:{d.column}: {d.severity} {d.code} {d.message}\n    hint: {d.hint}", err=True)


@app.command("import-xlsx")
def import_xlsx(
    plan: Path = typer.Argument(..., help="The Excel action plan (.xlsx)."),
    output: Path = typer.Option(..., "--output", "-o", help="Folder to write strategy.yaml into."),
    maps: list[str] = typer.Option([], "--map", help='Name a column: "Column header=field" (repeatable).'),
    sheet: str | None = typer.Option(None, "--sheet", help="The sheet to import (default: the first holding an action table)."),
    council: str | None = typer.Option(None, "--council", help="The council's name."),
    title: str | None = typer.Option(None, "--title", help="The strategy's title."),
    period: str | None = typer.Option(None, "--period", help="The strategy period, START:END, e.g. 2022-04-01:2025-03-31."),
    framework: str = typer.Option("england-2017", "--framework", help="Framework whose principles the sheet names."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing strategy.yaml."),
    no_check: bool = typer.Option(False, "--no-check", help="Skip counting what is left to finish (faster on very large sheets)."),
) -> None:
    """Turn an Excel action plan into a commented strategy folder; `cpstrat check` then lists what to finish."""
    from cpstrat.checks.validate import check as check_one
    from cpstrat.checks.validate import display_path
    from cpstrat.excel import import_plan as imp
    from cpstrat.excel.options import parse_framework, parse_period
    from cpstrat.excel.plan_yaml import emit
    from cpstrat.excel.title_block import fill_strategy_keys
    from cpstrat.format.diagnostics import CpstratError

    target = output / "strategy.yaml"
    try:
        span = parse_period(period) if period else None
        parse_framework(framework)
        if target.exists() and not force:
            print(f"{target}: already exists; use --force to overwrite it", file=sys.stderr)
            raise typer.Exit(2)
        result = imp.read_plan(plan, display_path(plan), imp.parse_maps(maps), sheet, framework)
    except CpstratError as exc:
        usage = all(d.file == "<command line>" for d in exc.diagnostics)
        fail(exc.diagnostics, code=2 if usage else None)
    _warn(result.warnings)
    fill_strategy_keys(result, council, title, span)
    _write_file(target, emit(result, plan.name).encode("utf-8"))
    (output / "progress").mkdir(exist_ok=True)
    sheets = ", ".join(f"'{t.sheet}'" for t in result.tables)
    print(f"wrote {target}: {len(result.actions)} actions from sheet{'s' * (len(result.tables) > 1)} {sheets}")
    if no_check:
        print(f"next: `cpstrat check {output}` lists what is left to finish")
        return
    checked = check_one(output)
    if checked.diagnostics:
        from cpstrat.outputs.check_report import counts

        print(f"to finish: `cpstrat check {output}` reports {counts(checked.diagnostics)}")
    else:
        print(f"`cpstrat check {output}` is clean")


@app.command("export-xlsx")
def export_xlsx(
    strategy: Path = typer.Argument(..., help="Strategy file or folder."),
    output: Path | None = typer.Option(None, "--output", "-o", help="The .xlsx to write (default: action-plan.xlsx beside the strategy)."),
) -> None:
    """Write the action plan as a spreadsheet: one row per action, with filters and a status drop-down."""
    from cpstrat.excel.export import export_plan
    from cpstrat.excel.options import checked_strategy

    s = _checked(checked_strategy, strategy)
    target = output or _beside(strategy, "action-plan.xlsx")
    _write_file(target, export_plan(s))
    print(f"wrote {target}: {len(s.actions)} actions")


@app.command("update-form")
def update_form(
    strategy: Path = typer.Argument(..., help="Strategy file or folder."),
    output: Path = typer.Option(..., "--output", "-o", help="The form (.xlsx) to write."),
    lead: str | None = typer.Option(None, "--lead", help="Only the actions this lead leads (matched ignoring case)."),
) -> None:
    """Write an update form for service leads: the plan in locked columns, their update in open ones."""
    from cpstrat.excel.forms import make_form
    from cpstrat.excel.options import checked_strategy

    s = _checked(checked_strategy, strategy)
    data, count = make_form(s, lead)
    if count == 0:
        leads = sorted({a.lead for a in s.actions if a.lead})
        print(f"--lead '{lead}': no action has this lead; leads in the strategy: {', '.join(leads) or '(none)'}",
              file=sys.stderr)
        raise typer.Exit(2)
    _write_file(output, data)
    print(f"wrote {output}: {count} action{'s' * (count != 1)} to update")


@app.command()
def collect(
    strategy: Path = typer.Argument(..., help="Strategy folder (or file)."),
    forms: list[Path] = typer.Argument(..., help="Returned update forms (.xlsx)."),
    as_at: str = typer.Option(..., "--as-at", help="The reporting date, YYYY-MM-DD; names the progress file."),
    meeting: str | None = typer.Option(None, "--meeting", help="The meeting the progress report goes to."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Progress file to write (default: progress/AS_AT.yaml in the strategy folder)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing progress file."),
) -> None:
    """Merge returned update forms into a progress file; nothing is written if any form has an error."""
    from cpstrat.checks.validate import display_path
    from cpstrat.excel.forms import collect_forms, progress_yaml, verify_progress
    from cpstrat.excel.options import checked_strategy, parse_date
    from cpstrat.format.diagnostics import CpstratError, make

    s = _checked(checked_strategy, strategy)
    try:
        day = parse_date("--as-at", as_at)
    except CpstratError as exc:
        fail(exc.diagnostics)
    target = output or (strategy if strategy.is_dir() else strategy.parent) / "progress" / f"{day.isoformat()}.yaml"
    if target.exists() and not force:
        fail([make("CP081", display_path(target))])
    updates, diagnostics = collect_forms(s, [(f, display_path(f)) for f in forms])
    if any(d.severity == "error" for d in diagnostics):
        fail(diagnostics, code=max(d.exit_code for d in diagnostics))
    text = progress_yaml(s, updates, day, meeting, [f.name for f in forms])
    problems = verify_progress(s, text, display_path(target))
    if any(d.severity == "error" for d in problems):
        fail([d for d in problems if d.severity == "error"], code=1)
    _warn(diagnostics)
    _write_file(target, text.encode("utf-8"))
    print(f"wrote {target}: {len(updates)} update{'s' * (len(updates) != 1)} from {len(forms)} "
          f"form{'s' * (len(forms) != 1)}")


def _write_file(target: Path, data: bytes) -> None:
    """write_atomic, with a one-line error (exit 2) when the place cannot be written."""
    from cpstrat.format.files import write_atomic

    try:
        write_atomic(target, data)
    except OSError as exc:
        blocking = next((p for p in target.parents if p.exists() and not p.is_dir()), None)
        reason = f"{blocking} is a file, not a folder" if blocking else exc.strerror or str(exc)
        print(f"{target}: cannot write: {reason}", file=sys.stderr)
        raise typer.Exit(2)


def _checked(loader, strategy: Path):
    from cpstrat.format.diagnostics import CpstratError

    try:
        return loader(strategy)
    except CpstratError as exc:
        fail(exc.diagnostics)


def _beside(strategy: Path, name: str) -> Path:
    return (strategy if strategy.is_dir() else strategy.parent) / name


class CompareFormat(str, Enum):
    table = "table"
    md = "md"
    json = "json"
    docx = "docx"


@app.command()
def compare(
    paths: list[Path] = typer.Argument(..., help="Strategy files or folders; a folder of strategy folders adds each."),
    format: CompareFormat = typer.Option(CompareFormat.table, "--format", "-f",
                                         help="table (terminal), md, json, or docx (needs -o)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of the terminal."),
) -> None:
    """Compare strategies side by side: actions per principle and priority, leads, dates,
    measures, young people's asks answered and status mix.

    Exit 0 when written, 1 when a strategy has errors (nothing is written), 2 on usage.
    """
    from cpstrat.analysis import compare as comparison
    from cpstrat.checks.validate import check as check_one
    from cpstrat.checks.validate import expand
    from cpstrat.format.files import write_atomic

    if format is CompareFormat.docx and output is None:
        print("compare: --format docx needs --output FILE (e.g. -o comparison.docx)", file=sys.stderr)
        raise typer.Exit(2)
    results = [check_one(p, text_rules=False) for p in expand(paths)]
    bad = [d for r in results for d in r.errors]
    if bad:
        fail(bad)
    result = comparison.compare([r.strategy for r in results])
    if format is CompareFormat.docx:
        from cpstrat.outputs.compare_docx import render

        data = render(result)
    elif format is CompareFormat.json:
        import json

        data = (json.dumps(comparison.as_dict(result), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    elif format is CompareFormat.md:
        data = comparison.markdown(result).encode("utf-8")
    elif output is None and colour_wanted():
        from rich.console import Console

        console = Console(highlight=False)
        for table in comparison.rich_tables(result):
            console.print(table)
        return
    else:
        data = comparison.text_table(result).encode("utf-8")
    if output is None:
        sys.stdout.write(data.decode("utf-8"))
    else:
        write_atomic(output, data)
        print(f"wrote {output}", file=sys.stderr)


class Audience(str, Enum):
    board = "board"
    young_people = "young-people"


@app.command()
def build(
    paths: list[Path] = typer.Argument(..., help="Strategy files or folders; a folder of strategy folders builds each."),
    output: Path = typer.Option(Path("build"), "--output", "-o", help="Folder to write the documents to."),
    progress: Path | None = typer.Option(
        None, "--progress", help="The progress file to report on (default: the latest)."),
    template: list[Path] = typer.Option(
        [], "--template", help="A reference .docx for the Word look, or a *.md.j2 / *.html.j2 Jinja template."),
    format: str | None = typer.Option(
        None, "--format", help="Comma-separated output formats: docx, md, html "
                               "(default docx; docx,md,html for --audience young-people)."),
    audience: Audience = typer.Option(
        Audience.board, "--audience", help="board: the action plan and progress report; young-people: a short "
                                           "plain-English version for children in care and care leavers."),
) -> None:
    """Write the Word action plan, and the progress report for the latest progress file.

    Exit 0 when written, 1 when a strategy is invalid (nothing is written for
    it), 2 for usage errors and unreadable input.
    """
    from cpstrat.commands.build import run_build

    default = "docx,md,html" if audience is Audience.young_people else "docx"
    raise typer.Exit(run_build(paths, output, progress, template, format or default, audience.value))


@app.command("lint-docx")
def lint_docx(
    files: list[Path] = typer.Argument(..., help="Word (.docx) files to check."),
    language: str = typer.Option("en-GB", "--language", help="The language the document must declare."),
) -> None:
    """Check a .docx against the accessibility rules for published documents.

    Title and language set, real headings with no skipped levels, repeating
    table header rows, no merged cells, alt text on pictures, text contrast of
    at least 4.5:1 and sans-serif body text of at least 11 pt. Exit 0 when it
    passes, 1 when it does not, 2 when a file cannot be read.
    """
    from cpstrat.outputs.lint_docx import lint

    worst = 0
    for file in files:
        problems = lint(file, language=language)
        for d in problems:
            _print(f"{d.file}: {d.severity} {d.code} {d.message}\n    hint: {d.hint}", err=True)
        if not problems:
            print(f"{file}: passes")
        worst = max([worst] + [d.exit_code for d in problems])
    raise typer.Exit(worst)


class DiffFormat(str, Enum):
    text = "text"
    md = "md"
    json = "json"
    docx = "docx"


@app.command()
def diff(
    old: str = typer.Argument(..., help="The earlier version: a strategy file or folder, a progress file, or REV:path from git."),
    new: str = typer.Argument(..., help="The later version, in the same forms."),
    format: DiffFormat = typer.Option(DiffFormat.text, "--format", "-f", help="text (terminal), md (board paper), json, or docx (Word; needs --output)."),
    exit_code: bool = typer.Option(False, "--exit-code", help="Exit 1 when the versions differ (as `git diff --exit-code`)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file (needed for --format docx)."),
) -> None:
    """What changed between two versions, action by action, compared by id.

    Exit 0 (or, with --exit-code, 0 same / 1 different), 2 when a version
    cannot be read or a revision is refused.
    """
    from cpstrat.commands import diff as diff_command
    from cpstrat.format.diagnostics import make
    from cpstrat.format.files import write_atomic

    if format is DiffFormat.docx and output is None:
        fail([make("CP099", "<command line>", problem="--format docx writes a Word file and needs --output FILE",
                   hint="add e.g. --output changes.docx")], code=2)
    colour = format is DiffFormat.text and output is None and colour_wanted()
    outcome = diff_command.run(old, new, format.value, colour=colour)
    for d in outcome.diagnostics:
        _print(f"{d.file}:{d.line}:{d.column}: {d.severity} {d.code} {d.message}\n    hint: {d.hint}", err=True)
    if outcome.output is not None and output is not None:
        data = outcome.output if isinstance(outcome.output, bytes) else (outcome.output.rstrip("\n") + "\n").encode()
        try:
            write_atomic(output, data)
        except OSError as exc:
            fail([make("CP099", str(output), problem=f"cannot write the file: {exc.strerror or exc}",
                       hint="check the folder exists and can be written to")], code=2)
        print(f"wrote {output}", file=sys.stderr)
    elif outcome.output is not None:
        _print(outcome.output.rstrip("\n"), colour=colour)
    raise typer.Exit(outcome.code if exit_code or outcome.code == 2 else 0)


@app.command()
def textconv(
    file: Path = typer.Argument(..., help="The file git hands over (any file: non-strategies are printed as they are)."),
) -> None:
    """Print a strategy or progress file in a stable, line-per-value form, for `git diff`."""
    from cpstrat.git.textconv import textconv as convert

    raise typer.Exit(convert(file, sys.stdout.buffer, sys.stderr))


@app.command("git-setup")
def git_setup(
    command: str | None = typer.Option(None, "--command", help="The textconv command git runs (default: cpstrat textconv)."),
    shared: bool = typer.Option(True, "--shared/--private",
                                help="Name the driver in .gitattributes (shared, committed) or in .git/info/attributes (this clone only)."),
) -> None:
    """Make `git diff` and `git log -p` show strategies through `cpstrat textconv` in this clone."""
    from cpstrat.format.diagnostics import CpstratError
    from cpstrat.git.setup import setup

    try:
        for line in setup(Path.cwd(), command, shared):
            print(line)
    except CpstratError as exc:
        fail(exc.diagnostics)


class HistoryFormat(str, Enum):
    text = "text"
    json = "json"


@app.command()
def history(
    action: str = typer.Argument(..., help="The action id, e.g. A03."),
    path: Path = typer.Argument(Path("."), help="The strategy file or folder (in a git repository)."),
    format: HistoryFormat = typer.Option(HistoryFormat.text, "--format", "-f", help="text or json."),
) -> None:
    """List the commits in which an action changed, and what changed (its status over time)."""
    import json

    from cpstrat.format.diagnostics import CpstratError
    from cpstrat.git.history import history as action_history
    from cpstrat.git.history import render

    try:
        entries = action_history(action, path)
    except CpstratError as exc:
        fail(exc.diagnostics)
    if format is HistoryFormat.json:
        print(json.dumps({"action": action, "commits": [e.to_json() for e in entries]}, indent=2, ensure_ascii=False))
    else:
        print(render(action, entries))


def main() -> None:
    """The program entry point (kept here for scripts that name cpstrat.cli:main)."""
    from cpstrat.commands.check import main as entry_main

    entry_main()
