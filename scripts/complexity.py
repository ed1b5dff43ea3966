"""Fail (exit 1) when a function or method in cpstrat/ is above cyclomatic complexity 25, as radon counts it.

radon's grades do not fall on 25 (D is 21-30, E 31-40), so this reads `radon cc -j` and applies the limit
itself; .ci/run runs it. A function above the limit is split into named steps, not excused.
"""

from __future__ import annotations

import json
import subprocess
import sys

LIMIT = 25


def main(paths: list[str]) -> int:
    out = subprocess.run([sys.executable, "-m", "radon", "cc", "-j", *(paths or ["cpstrat"])],
                         capture_output=True, text=True, check=True).stdout
    over = []
    for path, blocks in sorted(json.loads(out).items()):
        if isinstance(blocks, dict):  # radon could not parse the file
            print(f"{path}: {blocks.get('error', blocks)}", file=sys.stderr)
            return 2
        for block in blocks:
            for item in [block, *block.get("methods", [])]:
                if item["complexity"] > LIMIT:
                    name = f"{item['classname']}.{item['name']}" if item.get("classname") else item["name"]
                    over.append(f"{path}:{item['lineno']}: {name} has complexity {item['complexity']} (limit {LIMIT})")
    for line in dict.fromkeys(over):
        print(line)
    if over:
        print(f"{len(dict.fromkeys(over))} function(s) above complexity {LIMIT}: split them into named steps",
              file=sys.stderr)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
