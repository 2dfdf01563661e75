"""Open any file the import takes: a .vcf as vCards, anything else as a table."""

from __future__ import annotations

from pathlib import Path

from gojee_desktop.services.capture.readers import RowSource, open_table
from gojee_desktop.services.capture.vcards import open_vcards

VCARD_SUFFIXES = (".vcf", ".vcard")


def open_import_file(path: str | Path) -> RowSource:
    """A `.vcf` file is read as vCards whatever is imported from it; others as tables."""
    if Path(path).suffix.lower() in VCARD_SUFFIXES:
        return open_vcards(path)
    return open_table(path)
