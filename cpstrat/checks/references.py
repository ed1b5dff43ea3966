"""References between ids: every id unique, every id named somewhere declared.

The framework a strategy names, the principles, priorities, asks, actions and
measures its lists name, and the actions and measures its progress files name.
Reads the model (with `raw` for positions).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cpstrat.checks.findings import Findings
from cpstrat.format import frameworks, model
from cpstrat.format.diagnostics import listing
from cpstrat.format.load import Map, Seq, value_pos

# kind of id -> the rule that reports an unknown one
UNKNOWN = {"principle": "CP032", "priority": "CP033", "ask": "CP034", "action": "CP035", "measure": "CP036",
           "pledge": "CP101", "indicator": "CP102", "board": "CP103", "voice": "CP104", "milestone": "CP105"}


def check(s: model.Strategy, found: Findings) -> None:
    refs = References(s, found)
    refs.framework()
    refs.unique_ids()
    refs.lists()
    for progress in s.progress:
        refs.progress(progress)


class References:
    def __init__(self, strategy: model.Strategy, found: Findings) -> None:
        self.s = strategy
        self.found = found
        fw = frameworks.get(strategy.framework, strategy.path)
        self.framework_name = fw.id if fw else frameworks.DEFAULT
        self.ids = {
            "principle": [p.id for p in strategy.principles()],
            "priority": [p.id for p in strategy.priorities],
            "ask": [a.id for _, a in strategy.asks()],
            "action": [a.id for a in strategy.actions],
            "measure": [m.id for _, m in strategy.measures()],
            "pledge": [p.id for p in strategy.pledges],
            "indicator": [i.id for i in strategy.indicators],
            "board": [b.id for b in strategy.governance.boards if b.id],
            "voice": [v.id for v in strategy.voices],
        }
        self.known = {kind: set(ids) for kind, ids in self.ids.items()}

    def unknown(self, kind: str, file: str, container: Any, key: Any, value: str, *, at_key: bool = False,
                ids: Any=None, hint: str | None = None) -> None:
        """Report an id of `kind` that names nothing declared: the one place CP032-CP036 are raised."""
        ids = self.ids[kind] if ids is None else ids
        shown = listing(ids)
        self.found.at(UNKNOWN[kind], file, container, key, at_key=at_key, value=value,
                      suggestion=self.found.suggest(value, ids), allowed=shown, framework=self.framework_name,
                      hint=hint or f"measures declared in the strategy: {shown}")

    def framework(self) -> None:
        s = self.s
        fw = frameworks.get(s.framework, s.path)
        if fw is None and frameworks.is_file(s.framework):
            self.found.out.append(frameworks.file_problem(s.framework, s.path))
            return
        if fw is None:
            line, col = value_pos(s.raw, "framework")
            self.found.out.append(frameworks.unknown(s.framework, s.path, line, col, self.found.suggest))
            return
        for lp in s.local_principles:
            if fw.get(lp.id):
                self.found.at("CP037", s.path, lp.raw, "id", id=lp.id, framework=fw.id)

    def unique_ids(self) -> None:
        s = self.s
        seen: dict[str, Any] = {}  # id -> where it first stood; its line is looked up only for a duplicate
        items: list[Any] = [*s.local_principles, *s.voices, *(a for _, a in s.asks()), *s.pledges, *s.priorities, *s.actions,
                 *(m for _, m in s.measures()), *(m for a in s.actions for m in a.milestones), *s.indicators,
                 *s.governance.boards]
        for item in items:
            if not item.id or item.raw is None:
                continue
            if item.id in seen:
                first = value_pos(seen[item.id], "id")[0]
                self.found.at("CP030", s.path, item.raw, "id", id=item.id, first=first)
            else:
                seen[item.id] = item.raw

    def lists(self) -> None:
        for owner, lists in self._reference_lists():
            if owner.raw is None:
                continue
            for key, kind in lists:
                values = owner.raw.get(key)
                if not isinstance(values, Seq):
                    continue
                known = self.known[kind]
                for i, value in enumerate(values):
                    if isinstance(value, str) and value not in known:
                        self.unknown(kind, self.s.path, values, i, value)
        for owner, key, kind in self._references():
            value = owner.raw.get(key) if owner.raw is not None else None
            if isinstance(value, str) and value not in self.known[kind]:
                self.unknown(kind, self.s.path, owner.raw, key, value)

    def _references(self) -> Iterator[tuple[Any, str, str]]:
        for pledge in self.s.pledges:
            yield pledge, "from", "voice"
        for board in self.s.governance.boards:
            yield board, "reports_to", "board"

    def _reference_lists(self) -> Iterator[tuple[Any, tuple[tuple[str, str], ...]]]:
        """Each object with lists of ids, and its (key, kind of id) pairs."""
        s = self.s
        for p in s.priorities:
            yield p, (("principles", "principle"), ("measures", "measure"))
        for a in s.actions:
            yield a, (("principles", "principle"), ("priorities", "priority"), ("responds_to", "ask"),
                      ("depends_on", "action"), ("pledges", "pledge"), ("indicators", "indicator"))

    def progress(self, progress: model.Progress) -> None:
        file = progress.path
        actions = {a.id: a for a in self.s.actions}
        seen: dict[str, Any] = {}
        for update in progress.updates:
            if update.raw is None or not update.action:
                continue
            action = actions.get(update.action)
            if action is None:
                # History, not a typo to correct: another action's id is never suggested
                self.found.at("CP106", file, update.raw, "action", value=update.action)
                continue
            if update.action in seen:
                self.found.at("CP038", file, update.raw, "action", id=update.action,
                              first=value_pos(seen[update.action], "action")[0])
            else:
                seen[update.action] = update.raw
            values = update.raw.get("measures")
            own = [m.id for m in action.measures]
            if isinstance(values, Map):
                for mid in values:
                    if mid not in own:
                        self.unknown("measure", file, values, mid, mid, at_key=True, ids=own,
                                     hint=f"measures of action {action.id}: {listing(own)}" if own else
                                     f"action {action.id} declares no measures; add them under its `measures:`")
            self.milestones(file, update, action)
        for key in ("indicators", "commentary"):
            values = progress.raw.get(key) if progress.raw is not None else None
            if isinstance(values, Map):
                for iid in values:
                    if iid not in self.known["indicator"]:
                        self.unknown("indicator", file, values, iid, iid, at_key=True)

    def milestones(self, file: str, update: model.Update, action: model.Action) -> None:
        own = [m.id for m in action.milestones]
        seen: dict[str, dict[str, Any]] = {}  # positions are looked up only for a warning: finding them reads the file's
        for item in update.milestones:
            if item.raw is None or not item.id:
                continue
            if item.id not in own:
                self.unknown("milestone", file, item.raw, "id", item.id, ids=own,
                             hint=f"milestones of action {action.id}: {listing(own)}" if own else
                             f"action {action.id} declares no milestones; add them under its `milestones:`")
            elif item.id in seen:
                self.found.at("CP030", file, item.raw, "id", id=item.id, first=value_pos(seen[item.id], "id")[0])
            else:
                seen[item.id] = item.raw
