"""The lowest layer: plumbing that knows nothing of strategies (atomic writes, zip budgets, escaping, forking)."""
