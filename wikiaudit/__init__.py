"""wikiaudit."""
