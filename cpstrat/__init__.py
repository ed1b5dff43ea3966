"""cpstrat: compile corporate parenting strategies into action plans and board reports.

The pipeline, one module per stage:
format (frameworks, load, model) -> checks (shape, references, coverage,
dates, text rules) -> analysis (diff, compare) -> outputs / git / excel ->
commands -> cli (thin).
"""

__version__ = "0.1.0"
