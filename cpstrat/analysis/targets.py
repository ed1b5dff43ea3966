"""A reported value judged against its target, its due date and the direction that is better.

Before the due date a value short of its target is not a failure: it is "on course" when it has
come at least as far from the baseline as the time elapsed would ask (a straight line from the
baseline at the start to the target at the due date), "behind" when not, and "not yet due" when
there is no baseline or start to draw that line from. From the due date's last day on, a value
short of its target is "not met".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

MET, NOT_MET, ON_COURSE, BEHIND, NOT_YET_DUE = "Met", "Not met", "On course", "Behind", "Not yet due"
NO_TARGET, NOT_REPORTED = "No target", "Not reported"


def judge(value: Any, target: Any, *, as_at: dt.date | None, due: dt.date | None, baseline: Any=None,
          start: dt.date | None = None, lower_is_better: bool | None = None) -> str:
    """The value in words: Met, On course, Behind, Not yet due, Not met, No target or Not reported.

    `due` is the last day the target may be reached by (None: judged as if due now).
    `lower_is_better` None infers the direction from the baseline (a target below it means lower)."""
    if target is None:
        return NO_TARGET
    if value is None:
        return NOT_REPORTED
    if lower_is_better is None:
        lower_is_better = baseline is not None and target < baseline
    if (value <= target) if lower_is_better else (value >= target):
        return MET
    if due is None or as_at is None or as_at >= due:  # reported on the due date itself: the time is up
        return NOT_MET
    if baseline is None or start is None or not start < due or target == baseline:
        return NOT_YET_DUE
    elapsed = min(max((as_at - start).days / (due - start).days, 0.0), 1.0)
    expected = baseline + (target - baseline) * elapsed
    ahead = value <= expected if lower_is_better else value >= expected
    return ON_COURSE if ahead else BEHIND
