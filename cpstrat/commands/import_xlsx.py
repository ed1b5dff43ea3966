"""`cpstrat import-xlsx`: an Excel action plan turned into a commented strategy folder."""

from __future__ import annotations

from pathlib import Path

from cpstrat.commands.outcome import USAGE, Outcome, failed, usage, write_file
from cpstrat.format import frameworks
from cpstrat.format.diagnostics import CpstratError


def run(plan: Path, output: Path | None, maps=(), sheet: str | None = None, council: str | None = None,
        title: str | None = None, period: str | None = None, framework: str = frameworks.DEFAULT,
        force: bool = False, no_check: bool = False, into: Path | None = None, dry_run: bool = False) -> Outcome:
    from cpstrat.checks.run import check
    from cpstrat.excel import import_plan as imp
    from cpstrat.excel.import_export import load_export
    from cpstrat.excel.options import parse_framework, parse_period
    from cpstrat.excel.plan_yaml import emit
    from cpstrat.excel.title_block import fill_strategy_keys
    from cpstrat.format.files import display_path

    if into is not None:
        if output is not None:
            return usage("--into and --output: give one (--into merges into a strategy, -o writes a new one)")
        return merge_into(plan, into, dry_run)
    if output is None:
        return usage("import-xlsx needs --output DIR (a new strategy folder) or --into STRATEGY (merge)")
    if dry_run:
        return usage("--dry-run goes with --into")
    target = output / "strategy.yaml"
    try:
        span = parse_period(period) if period else None
        parse_framework(framework)
        if target.exists() and not force:
            return usage(f"{target}: already exists; use --force to overwrite it")
        exported = load_export(plan, display_path(plan))
        if exported is not None:
            given = {"council": council, "title": title, "period": span and {"start": span[0], "end": span[1]}}
            exported.data.update({k: v for k, v in given.items() if v})
            return _write_export(exported, plan, output, target, no_check)
        result = imp.read_plan(plan, display_path(plan), imp.parse_maps(list(maps)), sheet, framework)
    except CpstratError as exc:
        on_command_line = all(d.file == "<command line>" for d in exc.diagnostics)
        return failed(exc.diagnostics, code=USAGE if on_command_line else None)
    out = Outcome(stderr=list(result.warnings))
    fill_strategy_keys(result, council, title, span)
    problem = write_file(target, emit(result, plan.name).encode("utf-8"))
    if problem:
        return problem
    (output / "progress").mkdir(exist_ok=True)
    sheets = ", ".join(f"'{t.sheet}'" for t in result.tables)
    out.say(f"wrote {target}: {len(result.actions)} actions from sheet{'s' * (len(result.tables) > 1)} {sheets}")
    if no_check:
        return out.say(f"next: `cpstrat check {output}` lists what is left to finish")
    checked = check(output)
    if checked.diagnostics:
        from cpstrat.outputs.text.check import counts

        return out.say(f"to finish: `cpstrat check {output}` reports {counts(checked.diagnostics)}")
    return out.say(f"`cpstrat check {output}` is clean")


def _write_export(exported, plan: Path, output: Path, target: Path, no_check: bool) -> Outcome:
    """A workbook written by export-xlsx: every sheet read back exactly, the YAML written in the format's order."""
    from cpstrat.excel.import_export import emit_strategy

    problem = write_file(target, emit_strategy(exported.data, plan.name).encode("utf-8"))
    if problem:
        return problem
    (output / "progress").mkdir(exist_ok=True)
    out = Outcome(stdout=[f"wrote {target}: {len(exported.data.get('actions', []))} actions, read back from an "
                          "export (every sheet)"])
    return out if no_check else _counted(out, output)


def _counted(out: Outcome, output: Path) -> Outcome:
    from cpstrat.checks.run import check

    checked = check(output)
    if checked.diagnostics:
        from cpstrat.outputs.text.check import counts

        return out.say(f"to finish: `cpstrat check {output}` reports {counts(checked.diagnostics)}")
    return out.say(f"`cpstrat check {output}` is clean")


def merge_into(plan: Path, strategy: Path, dry_run: bool) -> Outcome:
    """Merge an edited export into the strategy it came from; nothing is written on any error."""
    from cpstrat.checks.run import check
    from cpstrat.excel.import_export import load_export
    from cpstrat.excel.merge import merge
    from cpstrat.excel.options import checked_strategy
    from cpstrat.format.files import display_path

    try:
        s = checked_strategy(strategy)
        exported = load_export(plan, display_path(plan))
    except CpstratError as exc:
        return failed(exc.diagnostics)
    if exported is None:
        return usage(f"{display_path(plan)}: --into merges a workbook written by `cpstrat export-xlsx`; import "
                     "another workbook with -o DIR")
    target = Path(s.path)
    text = target.read_text(encoding="utf-8")
    try:
        result = merge(s, text, exported, display_path(plan), display_path(target))
    except ValueError as exc:
        return usage(f"{display_path(target)}: {exc}")
    if result.errors:
        return failed(result.problems)
    out = Outcome(stderr=list(result.problems))
    for line in result.changes:
        out.say(line)
    if result.text == text and not result.progress:
        return out.say(f"{display_path(target)}: nothing to change")
    problems = _verify(target, result.text, check, result.progress)
    if problems:
        return failed(problems)
    files = ([(target, result.text)] if result.text != text else []) + \
        [(Path(path), new) for path, new in result.progress.items()]
    if dry_run:
        return out.say(f"--dry-run: {', '.join(display_path(f) for f, _ in files)} not written")
    for file, new in files:
        # a strategy.yaml that is a link (to a shared checkout, say) stays a link: the file it names is written
        problem = write_file(file.resolve() if file.is_symlink() else file, new.encode("utf-8"))
        if problem:
            return problem
        out.say(f"wrote {display_path(file)}")
    return out


def _verify(target: Path, text: str, check, progress: dict | None = None) -> list:
    """What `cpstrat check` says about the merged strategy, as errors: the merged texts (the strategy's, and
    its progress files' as merged) are checked in memory beside its other files, so nothing is copied and
    nothing else in its folder (other files, pipes, links) is read."""
    texts = {target: text, **{Path(path): new for path, new in (progress or {}).items()}}
    return check(target if target.name != "strategy.yaml" else target.parent, texts=texts).errors
