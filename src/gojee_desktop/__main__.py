"""`python -m gojee_desktop` launches the window."""

import sys

from gojee_desktop.app import main

sys.exit(main())
