"""Entry script of the bundled app (PyInstaller needs a file, not a module path).

One executable is both programs: started as `gojee` (a symlink beside it on Linux and macOS)
it is the command, otherwise the window. `--smoke` runs the bundle's whole-app check
(`gojee_desktop.ui.smoke`) instead of the window."""

import sys
from pathlib import Path

if __name__ == "__main__":
    if Path(sys.argv[0]).stem.lower() == "gojee":
        from gojee_desktop.cli import main as cli

        sys.exit(cli())
    if sys.argv[1:] == ["--smoke"]:
        from gojee_desktop.ui.smoke import main as smoke

        sys.exit(smoke())
    from gojee_desktop.app import main

    sys.exit(main())
