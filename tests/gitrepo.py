"""A real git repository for tests, with commits made by the test itself."""

from __future__ import annotations

import subprocess
from pathlib import Path


class Repo:
    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", "Test Analyst")
        self.git("config", "user.email", "analyst@example.invalid")
        self.git("config", "commit.gpgsign", "false")

    def git(self, *args, cwd=None) -> str:
        out = subprocess.run(["git", *args], cwd=cwd or self.root, capture_output=True, text=True, check=True)
        return out.stdout

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def commit(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD").strip()
