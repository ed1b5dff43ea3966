from cpstrat.cli import entry

entry()
