"""Trim a bundle's copy of Babel's CLDR data to what the app reads.

The app formats numbers, money and dates in any locale, but shows names (of languages,
countries, currencies, units) in English only: the Settings list of locales reads them from
`en`. Every other locale file loses those name tables (about a third of Babel's 32 MB);
formats, symbols, month and day names, time zones and plural rules all stay. Run on the
built bundle, never on the virtual environment: `python packaging/trim_babel.py DIR`.
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

NAME_TABLES = (
    "languages",
    "territories",
    "scripts",
    "variants",
    "currency_names",
    "currency_names_plural",
    "unit_display_names",
)
KEEP_WHOLE = {"root", "en"}


def trim(locale_data: Path) -> tuple[int, int]:
    """Rewrite every locale file but root and en without NAME_TABLES; (bytes before, after)."""
    before = after = 0
    for path in sorted(locale_data.glob("*.dat")):
        size = path.stat().st_size
        before += size
        if path.stem not in KEEP_WHOLE:
            with path.open("rb") as handle:
                data = pickle.load(handle)
            for key in NAME_TABLES:
                data.pop(key, None)
            path.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
            size = path.stat().st_size
        after += size
    return before, after


def main(argv: list[str]) -> int:
    folders = [p for p in Path(argv[1]).rglob("locale-data") if (p / "root.dat").exists()]
    if len(folders) != 1:
        print(f"trim_babel: expected one Babel locale-data folder under {argv[1]}, found {len(folders)}")
        return 1
    before, after = trim(folders[0])
    print(f"Babel locale data: {before / 1e6:.1f} MB -> {after / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
