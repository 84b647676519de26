"""``audit`` subcommands, one module each (``cli.SUBCOMMANDS`` lists them)."""
