"""What each document says, format-free: the view-models every format renders (plan and report, diff, comparison)."""
