"""Everything Qt. Widgets call services; they never open database sessions themselves."""
