"""The Typer app: every command's options and help, and nothing else.

Each command body calls `run` in cpstrat/commands/<command>.py with plain values
and prints the Outcome it returns. Command modules are imported inside the
bodies so that starting one command never loads another's libraries.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from cpstrat.cli import colour_wanted, emit, progress_bar
from cpstrat.format import frameworks
from cpstrat.outputs.registry import formats

app = typer.Typer(
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Compile council corporate parenting strategies into checked action plans and board reports.",
)


def format_option(default: str, document: str, help: str):
    """--format/-f: one of the formats the registry has renderers for (cpstrat/outputs/registry.py)."""
    choices = formats(document)

    def one_of(value: str) -> str:
        if value not in choices:
            raise typer.BadParameter(f"{value!r} is not one of {', '.join(map(repr, choices))}.")
        return value

    return typer.Option(default, "--format", "-f", callback=one_of, metavar=f"<{'|'.join(choices)}>", help=help)


def done(outcome) -> None:
    raise typer.Exit(emit(outcome))


def _version(wanted: bool) -> None:
    if wanted:
        from cpstrat import __version__

        typer.echo(f"cpstrat {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version of cpstrat and exit."),
) -> None:
    """Compile council corporate parenting strategies into checked action plans and board reports."""


@app.command()
def check(
    paths: list[Path] | None = typer.Argument(
        None, help="Strategy files or folders; a folder of strategy folders checks each (default: the current "
                   "folder)."),
    format: str = format_option("text", "check", help="Output format: text, json, github (Actions annotations), "
                                                "junit (JUnit XML) or sarif (SARIF 2.1.0)."),
    strict: bool = typer.Option(False, "--strict", help="Fail on warnings too: every warning is an error."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Report errors only (with --strict, warnings too)."),
) -> None:
    """Validate strategies and their progress files.

    Exit 0 when clean (warnings allowed), 1 on any error (or warning with
    --strict), 2 when an input cannot be read at all.
    """
    from cpstrat.commands import check as command

    done(command.run(paths or [Path(".")], format, strict, colour=format == "text" and colour_wanted(), quiet=quiet))


@app.command()
def principles(
    framework: str = typer.Option(frameworks.DEFAULT, "--framework",
                                  help="Framework id, or a framework file of your own (frameworks/our-own.yaml)."),
    list_all: bool = typer.Option(False, "--list", help="List the frameworks cpstrat knows."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List a framework's statutory principles with their wording and citation."""
    from cpstrat.commands import principles as command

    done(command.run(framework, list_all, as_json))


@app.command()
def review(
    path: Path = typer.Argument(..., help="A strategy file or folder."),
    as_at: str | None = typer.Option(None, "--as-at", help="Review as at this date (YYYY-MM-DD); default today."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List what in a strategy needs another look since statute changed, with dates and citations.

    Exit 0 when reviewed (whatever it lists), 1 when the strategy has errors, 2 for usage or unreadable input.
    """
    from cpstrat.commands import review as command

    done(command.run(path, as_at, as_json))


@app.command()
def schema(
    progress: bool = typer.Option(False, "--progress", help="The schema of a progress file instead."),
    local_offer: bool = typer.Option(False, "--local-offer", help="The schema of local-offer.yaml instead."),
) -> None:
    """Print the JSON Schema of the strategy file (for editors and CI)."""
    from cpstrat.commands import schema as command

    done(command.run(progress, local_offer))


@app.command()
def init(
    directory: Path = typer.Argument(..., help="Folder to create the strategy in."),
    council: str = typer.Option("Example Council", "--council", help="The council's name."),
    framework: str = typer.Option(frameworks.DEFAULT, "--framework", help="Framework id."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing strategy.yaml."),
    local_offer: bool = typer.Option(
        False, "--local-offer", help="Write a starter local-offer.yaml (one offer per statutory area) instead."),
) -> None:
    """Write a skeleton strategy (one starter action per principle); every placeholder is marked (replace this).

    `check` lists each one left (CP184, an error) and `build` publishes nothing until all are replaced.
    """
    from cpstrat.commands import init as command

    done(command.run(directory, council, framework, force, local_offer))


@app.command("import-xlsx")
def import_xlsx(
    plan: Path = typer.Argument(..., help="The Excel action plan (.xlsx)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Folder to write strategy.yaml into."),
    maps: list[str] = typer.Option([], "--map", help='Name a column: "Column header=field" (repeatable).'),
    sheet: str | None = typer.Option(
        None, "--sheet", help="The sheet to import (default: the first holding an action table)."),
    council: str | None = typer.Option(None, "--council", help="The council's name."),
    title: str | None = typer.Option(None, "--title", help="The strategy's title."),
    period: str | None = typer.Option(
        None, "--period", help="The strategy period, START:END, e.g. 2022-04-01:2025-03-31."),
    framework: str = typer.Option(frameworks.DEFAULT, "--framework", help="Framework whose principles the sheet names."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing strategy.yaml."),
    no_check: bool = typer.Option(
        False, "--no-check", help="Skip counting what is left to finish (faster on very large sheets)."),
    into: Path | None = typer.Option(
        None, "--into", help="Merge an edited export into this strategy (file or folder) instead."),
    dry_run: bool = typer.Option(False, "--dry-run", help="With --into: say what would change, write nothing."),
) -> None:
    """Turn an Excel action plan into a commented strategy folder; `cpstrat check` then lists what to finish."""
    from cpstrat.commands import import_xlsx as command

    done(command.run(plan, output, maps, sheet, council, title, period, framework, force, no_check, into, dry_run))


@app.command("export-xlsx")
def export_xlsx(
    strategy: Path = typer.Argument(..., help="Strategy file or folder."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="The .xlsx to write (default: action-plan.xlsx beside the strategy)."),
) -> None:
    """Write the action plan as a spreadsheet: one row per action, with filters and a status drop-down."""
    from cpstrat.commands import export_xlsx as command

    done(command.run(strategy, output))


@app.command("update-form")
def update_form(
    strategy: Path = typer.Argument(..., help="Strategy file or folder."),
    output: Path = typer.Option(..., "--output", "-o",
                                help="The form (.xlsx) to write; with --each-lead, the folder to write them in."),
    lead: str | None = typer.Option(None, "--lead", help="Only the actions this lead leads (matched ignoring case)."),
    each_lead: bool = typer.Option(False, "--each-lead",
                                   help="One form per lead, named by the lead, in the folder given by -o."),
) -> None:
    """Write an update form for service leads: the plan in locked columns, their update in open ones."""
    from cpstrat.commands import update_form as command

    done(command.run(strategy, output, lead, each_lead))


@app.command()
def collect(
    strategy: Path = typer.Argument(..., help="Strategy folder (or file)."),
    forms: list[Path] = typer.Argument(..., help="Returned update forms (.xlsx)."),
    as_at: str = typer.Option(..., "--as-at", help="The reporting date, YYYY-MM-DD; names the progress file."),
    meeting: str | None = typer.Option(None, "--meeting", help="The meeting the progress report goes to."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Progress file to write (default: progress/AS_AT.yaml in the strategy folder)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing progress file."),
) -> None:
    """Merge returned update forms into a progress file; nothing is written if any form has an error."""
    from cpstrat.commands import collect as command

    done(command.run(strategy, forms, as_at, meeting, output, force))


@app.command()
def compare(
    paths: list[Path] = typer.Argument(..., help="Strategy files or folders; a folder of strategy folders adds each."),
    format: str = format_option("table", "compare", help="table (terminal), md, json, html (a web page), or docx (needs -o)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of the terminal."),
) -> None:
    """Compare strategies side by side: actions per principle and priority, leads, dates,
    measures, young people's asks answered and status mix.

    Exit 0 when written, 1 when a strategy has errors (nothing is written), 2 on usage.
    """
    from cpstrat.commands import compare as command

    done(command.run(paths, format, output, colour=colour_wanted()))


class Audience(str, Enum):
    board = "board"
    young_people = "young-people"


class Document(str, Enum):
    plan = "plan"
    local_offer = "local-offer"
    scorecard = "scorecard"


@app.command()
def build(
    paths: list[Path] = typer.Argument(
        ..., help="Strategy files or folders; a folder of strategy folders builds each."),
    output: Path = typer.Option(Path("out"), "--output", "-o", help="Folder to write the documents to."),
    progress: Path | None = typer.Option(
        None, "--progress", help="The progress file to report on (default: the latest)."),
    template: list[Path] = typer.Option(
        [], "--template", help="A reference .docx for the Word look, or a *.md.j2 / *.html.j2 Jinja template."),
    format: str | None = typer.Option(
        None, "--format", help="Comma-separated output formats: docx, md, html, pdf (tagged, through "
                               "LibreOffice) (default docx; docx,md,html for --audience young-people)."),
    audience: Audience = typer.Option(
        Audience.board, "--audience", help="board: the action plan and progress report; young-people: a short "
                                           "plain-English version for children in care and care leavers."),
    document: Document = typer.Option(
        Document.plan, "--document", help="plan: the strategy's documents (see --audience); local-offer: the "
                                          "published local offer for care leavers, from local-offer.yaml; "
                                          "scorecard: the board's scorecard of indicators read from published "
                                          "figures (both default to formats docx,md,html)."),
    strict: bool = typer.Option(
        False, "--strict", help="Every warning about what the document publishes is an error: nothing is written "
                                "while any remains."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print errors only (no warnings)."),
    draft: bool = typer.Option(
        False, "--draft", help="Build although placeholder text from `cpstrat init` remains, with DRAFT on every "
                               "page (a preview, not for publication)."),
) -> None:
    """Write the Word action plan, and the progress report for the latest progress file.

    Exit 0 when written, 1 when a strategy is invalid (nothing is written for
    it: an error, placeholder text from `init`, a child's personal data, or with
    --strict a warning), 2 for usage errors and unreadable input.
    """
    from cpstrat.commands import build as command

    with progress_bar(len(paths) > 1 or paths[0].is_dir()) as (each, say):
        outcome = command.run(paths, output, progress, template, format, audience.value, each=each,
                              document=document.value, say=say, strict=strict, quiet=quiet,
                              draft=draft)
    done(outcome)


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
    from cpstrat.commands import lint_docx as command

    done(command.run(files, language))


@app.command()
def diff(
    old: str = typer.Argument(
        ..., help="The earlier version: a strategy file or folder, a progress file, or REV:path from git."),
    new: str = typer.Argument(..., help="The later version, in the same forms."),
    format: str = format_option("text", "diff", help="text (terminal), md (board paper), json, html (a web page), "
                                               "or docx (Word; needs --output)."),
    exit_code: bool = typer.Option(
        False, "--exit-code", help="Exit 1 when the versions differ (as `git diff --exit-code`)."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write to this file (needed for --format docx)."),
) -> None:
    """What changed between two versions, action by action, compared by id.

    Exit 0 (or, with --exit-code, 0 same / 1 different), 2 when a version
    cannot be read or a revision is refused.
    """
    from cpstrat.commands import diff as command

    done(command.run(old, new, format, exit_code, output, colour=format == "text" and colour_wanted()))


@app.command()
def textconv(
    file: Path = typer.Argument(
        ..., help="The file git hands over (any file: non-strategies are printed as they are)."),
) -> None:
    """Print a strategy or progress file in a stable, line-per-value form, for `git diff`."""
    from cpstrat.commands import textconv as command

    done(command.run(file))


@app.command("git-setup")
def git_setup(
    command: str | None = typer.Option(
        None, "--command", help="The textconv command git runs (default: cpstrat textconv)."),
    shared: bool = typer.Option(
        True, "--shared/--private",
        help="Name the driver in .gitattributes (shared, committed) or in .git/info/attributes (this clone only)."),
) -> None:
    """Make `git diff` and `git log -p` show strategies through `cpstrat textconv` in this clone."""
    from cpstrat.commands import git_setup

    done(git_setup.run(Path.cwd(), command, shared))


@app.command()
def history(
    action: str = typer.Argument(..., help="The action id, e.g. A03."),
    path: Path = typer.Argument(Path("."), help="The strategy file or folder (in a git repository)."),
    format: str = format_option("text", "history", help="text or json."),
) -> None:
    """List the commits in which an action changed, and what changed (its status over time)."""
    from cpstrat.commands import history as command

    done(command.run(action, path, format))
