"""What the app ships with and under which licence, for Help › About: the libraries are read
from the installed distributions' metadata (the requirements of gojee-desktop itself), the
fonts from the licence files beside them in resources/fonts. Nothing here is typed by hand,
so the list follows the lock file."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from gojee_desktop.config import resources_dir

DISTRIBUTION = "gojee-desktop"
#: Installed through an extra of a requirement (`psycopg[binary]`): shipped all the same.
EXTRA_PARTS = {"psycopg": ("psycopg-binary",)}
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*")


@dataclass(frozen=True)
class Component:
    """One library or font: its name, version (fonts: empty) and licence."""

    name: str
    version: str
    licence: str
    source: str = ""  # a licence file shipped with the app, when there is one


def _field(meta: metadata.PackageMetadata, key: str) -> str:
    values = meta.get_all(key) or []
    return str(values[0]) if values else ""


def _licence(meta: metadata.PackageMetadata) -> str:
    """SPDX expression, else the License field's first line, else the trove classifiers."""
    expression = _field(meta, "License-Expression")
    if expression:
        return str(expression)
    text = _field(meta, "License").strip()
    first = text.splitlines()[0].strip() if text else ""
    classifiers = [
        c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if c.startswith("License ::")
    ]
    if first and (len(first) <= 40 or not classifiers):
        return first if len(first) <= 80 else first[:77] + "…"
    return ", ".join(classifiers) or "not stated"


def runtime_requirements() -> list[str]:
    """Names of the distributions the app needs to run (not its dev extras)."""
    try:
        requires = metadata.requires(DISTRIBUTION) or []
    except metadata.PackageNotFoundError:
        return []
    names: list[str] = []
    for line in requires:
        if "extra ==" in line:
            continue
        match = _NAME.match(line.strip())
        if match:
            name = match.group(0)
            names.append(name)
            names.extend(EXTRA_PARTS.get(name.lower(), ()))
    return names


def libraries() -> list[Component]:
    """The installed runtime libraries with version and licence, sorted by name."""
    found: dict[str, Component] = {}
    for name in runtime_requirements():
        try:
            meta = metadata.metadata(name)
        except metadata.PackageNotFoundError:
            continue
        shown = _field(meta, "Name") or name
        found[shown.lower()] = Component(shown, _field(meta, "Version"), _licence(meta))
    return sorted(found.values(), key=lambda c: c.name.lower())


def fonts(folder: Path | None = None) -> list[Component]:
    """Fonts shipped in resources/fonts, one per `*-LICENSE.txt` (Debian copyright format:
    `Upstream-Name:` and the first `License:`)."""
    folder = folder or resources_dir() / "fonts"
    result = []
    for path in sorted(folder.glob("*-LICENSE.txt")):
        fields: dict[str, str] = {}
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            key, _sep, value = line.partition(":")
            if value and key in ("Upstream-Name", "License") and key not in fields:
                fields[key] = value.strip()
        name = fields.get("Upstream-Name", path.name.removesuffix("-LICENSE.txt"))
        files = ", ".join(sorted(p.stem for p in folder.glob("*.ttf") if p.name.startswith(name.split()[0])))
        shown = f"{name} ({files})" if files else name
        result.append(Component(shown, "", fields.get("License", "see file"), str(path)))
    return result
