"""`cpstrat build --audience young-people`: check, render the young people's version, write atomically.

The same contract as the board documents' build (pipeline.build): nothing is
written for a strategy with errors, every file is rendered in memory first,
then each is replaced atomically.
"""

from __future__ import annotations

import sys
from pathlib import Path

from cpstrat.diagnostics import CpstratError, make
from cpstrat.pipeline import Outcome, output_name, pick_progress, template_sources

DEFAULT_FORMATS = "docx,md,html"


def build(path: Path, out_dir: Path, progress: Path | None = None, templates=(), formats=("docx",)) -> Outcome:
    from cpstrat.render import young_people
    from cpstrat.render.web import TemplateProblem
    from cpstrat.validate import check
    from cpstrat.write import write_atomic

    result = check(path)
    outcome = Outcome(str(path), diagnostics=list(result.diagnostics))
    if result.errors or result.strategy is None:
        return outcome
    try:
        chosen = pick_progress(result.strategy, progress)
        sources = template_sources(templates)
        try:
            files = young_people.render_young_people(result.strategy, Path(out_dir), formats, chosen, sources,
                                                     name=output_name(Path(path)))
        except TemplateProblem as exc:
            raise CpstratError([make("CP048", "the young people's template", exc.line, 0, problem=str(exc),
                                     fix="correct the template at that line (Jinja syntax, sandboxed)")]) from None
    except CpstratError as exc:
        outcome.diagnostics.extend(exc.diagnostics)
        return outcome
    for target, data in files.items():
        write_atomic(target, data)
        outcome.written.append(target)
    return outcome


def run(paths, output: Path, progress, templates, format_text: str | None) -> int:
    """Build the young people's version of each strategy; print what happened; the exit code."""
    from cpstrat.build_cli import parse_formats
    from cpstrat.pipeline import FORMATS
    from cpstrat.validate import expand

    formats = parse_formats(format_text or DEFAULT_FORMATS)
    if formats is None:
        print(f"--format {format_text!r}: give one or more of {', '.join(FORMATS)}, separated by commas",
              file=sys.stderr)
        return 2
    targets = expand(paths)
    if progress is not None and len(targets) > 1:
        print(f"--progress names one progress file, so it needs exactly one strategy; {len(targets)} were given",
              file=sys.stderr)
        return 2
    worst = 0
    for target in targets:
        outcome = build(target, output, progress, templates, formats)
        for d in outcome.errors:
            where = f"{d.file}:{d.line}:{d.column}" if d.line else d.file
            print(f"{where}: {d.severity} {d.code} {d.message}\n    hint: {d.hint}", file=sys.stderr)
        if outcome.errors:
            print(f"{outcome.path}: not built ({len(outcome.errors)} error{'s' * (len(outcome.errors) != 1)}); "
                  "nothing written", file=sys.stderr)
        for file in outcome.written:
            print(f"wrote {file}")
        worst = max(worst, outcome.exit_code)
    return worst
