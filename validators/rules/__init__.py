"""One module per family of checks; each exposes ``check(season) -> list[Finding]``."""
