"""Pages of the main window, each reachable by name (`gojee-desktop --page NAME`)."""
