"""Packages: everything under src/, plus the top-level `resources/` folder installed as
`gojee_desktop/resources` (icons, fonts, sample files), so wheels, editable installs and the
bundle carry the same assets. The rest of the metadata lives in pyproject.toml."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages("src"), "gojee_desktop.resources"],
    package_dir={"": "src", "gojee_desktop.resources": "resources"},
)
