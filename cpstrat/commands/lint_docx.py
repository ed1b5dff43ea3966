"""`cpstrat lint-docx`: any .docx against the accessibility rules for published documents."""

from __future__ import annotations

from cpstrat.commands.outcome import Outcome


def run(files, language: str = "en-GB") -> Outcome:
    from cpstrat.outputs.word.lint import lint

    out = Outcome()
    for file in files:
        problems = lint(file, language=language)
        out.stderr.extend(problems)
        if not problems:
            out.say(f"{file}: passes")
        out.worst(max((d.exit_code for d in problems), default=0))
    return out
