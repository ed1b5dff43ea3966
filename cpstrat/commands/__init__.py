"""One module per command. Each holds a `run(...)` that takes plain arguments and returns an Outcome.

cpstrat.cli declares the options and prints the Outcome; nothing here imports Typer or prints.
"""
