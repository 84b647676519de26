"""Shipped --rules files (TOML) for the real pages; a package so package-data ships them."""
