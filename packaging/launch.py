"""Entry script of the bundled app (PyInstaller needs a file, not a module path)."""

import sys

from gojee_desktop.app import main

if __name__ == "__main__":
    sys.exit(main())
