"""`cpstrat schema`: the JSON Schema of a strategy (or progress) file, for editors and CI."""

from __future__ import annotations

import json

from cpstrat.commands.outcome import Outcome
from cpstrat.format.schema import json_schema


def run(progress: bool = False, local_offer: bool = False) -> Outcome:
    root = "local-offer" if local_offer else "progress" if progress else "strategy"
    return Outcome(stdout=[json.dumps(json_schema(root), indent=2)])
