"""Markdown and HTML: Jinja templates in a sandbox (pages) and the diff as Markdown."""
