"""Entry script of the bundled window app (PyInstaller needs a file, not a module path).

`--smoke` runs the bundle's whole-app check (`gojee_desktop.ui.smoke`) instead of the window."""

import sys

if __name__ == "__main__":
    if sys.argv[1:] == ["--smoke"]:
        from gojee_desktop.ui.smoke import main as smoke

        sys.exit(smoke())
    from gojee_desktop.app import main

    sys.exit(main())
