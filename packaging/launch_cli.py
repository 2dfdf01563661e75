"""Entry script of the bundled `gojee` command (a console program beside the window app)."""

import sys

from gojee_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
