"""``python -m wikiaudit``: the ``audit`` command, for environments without the script on PATH."""

import sys

from wikiaudit.cli import main

if __name__ == "__main__":
    sys.exit(main())
