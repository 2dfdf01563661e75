"""The one place that knows where files live. Tests redirect it with environment variables.

- `GOJEE_DATA_DIR`: folder for the database, backups and logs (default: the platform's user
  data folder, e.g. ~/.local/share/GojeeDesktop on Linux).
- `GOJEE_DATABASE_URL`: a full SQLAlchemy URL (sqlite:///... or postgresql+psycopg://...).
- `GOJEE_BACKUP_DIR`: folder for backups (default: the `backup_folder` setting in
  `settings.json` of the data folder, else `backups/` beside the database).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "GojeeDesktop"
APP_AUTHOR = "Gojee"
ORGANIZATION_DOMAIN = "gojee.app"


def data_dir() -> Path:
    """Folder for the local database and its backups; created on first use."""
    override = os.environ.get("GOJEE_DATA_DIR")
    path = Path(override) if override else Path(user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def user_settings_path() -> Path:
    """The per-user window and view settings (an INI file beside the local database)."""
    return data_dir() / "gojee-desktop.ini"


def default_database_url() -> str:
    """`--database` wins over `GOJEE_DATABASE_URL`, which wins over the team database chosen
    with File › Connect to a team database…, which wins over the local SQLite file."""
    override = os.environ.get("GOJEE_DATABASE_URL")
    if override:
        return override
    from gojee_desktop.team_connection import saved_url

    team = saved_url()  # File › Connect to a team database…
    if team:
        return team
    return f"sqlite:///{data_dir() / 'gojee.sqlite3'}"


def resources_dir() -> Path:
    """Icons, fonts and sample files. Installed (wheel, bundle) they sit in the package as
    `gojee_desktop/resources`; in a source checkout (an editable install) they are the
    project's top-level `resources/` folder, which setup.py maps to that place."""
    installed = Path(__file__).resolve().parent / "resources"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[2] / "resources"


def _settings_file() -> Path:
    return data_dir() / "settings.json"


def _read_settings() -> dict[str, object]:
    try:
        loaded = json.loads(_settings_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def read_setting(key: str) -> object:
    """One value of the plain settings file (`settings.json` in the data folder)."""
    return _read_settings().get(key)


def write_setting(key: str, value: object) -> None:
    """Set (or with None remove) one value of the plain settings file."""
    settings = _read_settings()
    if value is None:
        settings.pop(key, None)
    else:
        settings[key] = value
    _settings_file().write_text(json.dumps(settings, indent=2), encoding="utf-8")


def backup_folder_setting() -> Path | None:
    """The folder chosen for backups (e.g. a synced drive), or None for the default. A plain
    file, not the database: backups must be found when the database cannot be opened."""
    override = os.environ.get("GOJEE_BACKUP_DIR")
    if override:
        return Path(override).expanduser()
    chosen = _read_settings().get("backup_folder")
    return Path(str(chosen)).expanduser() if chosen else None


def set_backup_folder(folder: Path | None) -> None:
    """Remember another folder for backups (None: back to the default)."""
    write_setting("backup_folder", str(folder) if folder is not None else None)
