"""What the plain-language and personal-data rules add to `cpstrat check`.

    python benchmarks/bench_check_text_rules.py [--repeat 7]

Times `cpstrat check` on each bundled strategy as a user runs it (a fresh
process, best of --repeat), the import of the rule modules, and the rules
alone (in-process) on the bundled strategies and a generated 150-council corpus.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


from timing import best  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    code = "import time, cpstrat.checks.run; t = time.perf_counter(); import cpstrat.checks.plain, cpstrat.checks.privacy; " \
           "print(time.perf_counter() - t)"
    imports = min(float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                                       cwd=ROOT).stdout) for _ in range(args.repeat))
    print(f"import cpstrat.checks.plain and cpstrat.checks.privacy (after cpstrat.checks.run's own imports): {imports * 1000:.1f} ms")
    for folder in sorted(p for p in (ROOT / "strategies").iterdir() if p.is_dir()):
        seconds = best(lambda: subprocess.run([sys.executable, "-m", "cpstrat", "check", str(folder)],
                                              capture_output=True, env=env), args.repeat)
        print(f"cpstrat check {folder.relative_to(ROOT)}: {seconds * 1000:.0f} ms (whole process)")

    from make_corpus import write_corpus

    from cpstrat.checks import plain, privacy, texts
    from cpstrat.checks.run import check
    from cpstrat.format.files import expand

    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(Path(tmp) / "corpus", 150)
        for label, target in (("bundled strategies", ROOT / "strategies"), ("150-council corpus", Path(tmp) / "corpus")):
            strategies = [check(p, text_rules=False).strategy for p in expand([target])]
            def both_rules():  # as run.check runs them: one walk of the texts, both rules
                for s in strategies:
                    items = texts.published(s)
                    plain.check(s, items), privacy.check(s, items)

            seconds = best(both_rules, args.repeat)
            print(f"plain + privacy rules alone, {label} ({len(strategies)} strategies): {seconds * 1000:.0f} ms")


if __name__ == "__main__":
    main()
