"""Data-quality governance: the checks a semantic model declares, run on any database."""
