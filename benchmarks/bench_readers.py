"""Benchmark: YAML readers on a generated 10,000-action strategy, side by side in one run.

    python3 benchmarks/bench_readers.py [--actions 10000] [--repeat 5]

Each candidate reads the same text in this process; the figure is the best of
--repeat runs, in CPU seconds (less disturbed by other work on a shared
machine than wall time). Candidates:

  PyYAML CSafeLoader load    yaml.load(text, Loader=yaml.CSafeLoader): the reference floor
  cpstrat libyaml reader     the loader's event-streaming reader (CPSTRAT_YAML_READER=libyaml)
  cpstrat reader (ryml)      the loader as it runs by default: rapidyaml, positions on first use
  ... positions looked up    the same, then every position resolved (a file that draws a diagnostic)
  ryml parse alone           ryml.parse_in_place: the C++ parse, no Python data
  ryml node by node          a walk asking each node its type, key and value through ryml's binding
  yaml-rs loads              yaml_rs.loads: plain dicts and lists, no positions

Then each library is given the hostile inputs of docs/ci.md (deep nesting),
in a child process, since a crash there ends the process.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from generate import strategy_yaml  # noqa: E402
from timing import best  # noqa: E402

HOSTILE = {
    "flow nesting, 100,000 levels": '"[" * 100_000 + "]" * 100_000',
    "block sequence nesting, 100,000 levels": '"- " * 100_000 + "x"',
    "unclosed flow nesting": '"{a: " * 50_000',
}
PROBES = {
    "ryml": "import ryml; ryml.emit_json(ryml.parse_in_place(bytearray(({}).encode())))",
    "yaml-rs": "import yaml_rs; yaml_rs.loads({})",
    "cpstrat reader": "from cpstrat.format.load import parse; parse({}, 'f')",
}


def candidates(text: str):
    import yaml

    from cpstrat.format import load

    yield "PyYAML CSafeLoader load", lambda: yaml.load(text, Loader=yaml.CSafeLoader)
    yield "cpstrat libyaml reader", lambda: load._parse_libyaml(text, "f.yaml")
    try:
        import ryml

        from cpstrat.format import read_ryml
    except ImportError:
        print("rapidyaml is not installed: its rows are left out")
    else:
        def with_positions():
            source = read_ryml.parse(text, "f.yaml")
            source.data.pos  # noqa: B018 - the first look-up resolves every position

        yield "cpstrat reader (ryml)", lambda: read_ryml.parse(text, "f.yaml")
        yield "... positions looked up", with_positions
        yield "ryml parse alone", lambda: ryml.parse_in_place(bytearray(text.encode()))
        yield "ryml node by node", lambda: _node_by_node(ryml, text)
    try:
        import yaml_rs
    except ImportError:
        print("yaml-rs is not installed: its row is left out")
    else:
        yield "yaml-rs loads", lambda: yaml_rs.loads(text)


def _node_by_node(ryml, text: str) -> int:
    """The least a Python walk of ryml's tree does: each node's type, key and value as text."""
    buf = bytearray(text.encode())
    tree = ryml.parse_in_place(buf)
    count = 0
    for node in range(tree.size()):
        kind = tree.type(node)
        if kind & ryml.KEY:
            str(tree.key(node), "utf-8")
        if kind & ryml.VAL:
            value = tree.val(node)
            if value is not None:
                str(value, "utf-8")
        count += 1
    return count


def hostile() -> None:
    print("\nHostile input (docs/ci.md), each in a child process:")
    for library, probe in PROBES.items():
        for name, expression in HOSTILE.items():
            code = probe.format(expression)
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
            if out.returncode == 0:
                verdict = "read"
            elif out.returncode < 0:
                verdict = f"CRASHED (signal {-out.returncode})"
            else:
                last = (out.stderr.strip().splitlines() or ["?"])[-1]
                verdict = f"refused: {last[:70]}"
            print(f"  {library:15} {name:40} {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    text = strategy_yaml(args.actions)
    print(f"{args.actions} actions, {len(text.encode()) / 2**20:.1f} MB of YAML; best of {args.repeat}, CPU seconds")
    floor = None
    for name, fn in candidates(text):
        seconds = best(fn, args.repeat, clock=time.process_time)
        floor = floor or seconds
        print(f"  {name:28} {seconds:7.3f} s   {seconds / floor:5.2f}x CSafeLoader")
    hostile()


if __name__ == "__main__":
    main()
