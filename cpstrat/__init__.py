"""cpstrat: compile corporate parenting strategies into action plans and board reports.

The pipeline, one module per stage:
frameworks (data) -> load (YAML with positions) -> schema/model -> validate
(diagnostics) -> render / diff -> cli (thin).
"""

__version__ = "0.1.0"
