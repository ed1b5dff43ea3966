"""Text for terminals and machines: check reports (text, json, github, junit, sarif), diff and history as text."""
