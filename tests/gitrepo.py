"""A real git repository for tests, with commits made by the test itself."""

from __future__ import annotations

import os
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

    def commit(self, message: str, date: str | None = None) -> str:
        """Commit everything; `date` (e.g. 2023-04-12T10:00:00+01:00) sets both the author's and committer's date."""
        self.git("add", "-A")
        env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date else {}
        subprocess.run(["git", "commit", "-q", "-m", message], cwd=self.root, capture_output=True, check=True,
                       env={**os.environ, **env})
        return self.git("rev-parse", "HEAD").strip()
