"""wikiaudit: audit the tables of a Wikipedia season article for internal consistency."""

__version__ = "0.1.0"
