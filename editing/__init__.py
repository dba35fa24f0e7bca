"""The admin's editing plumbing shared by every content app: history, compare, edit conflicts, the editors group."""
