"""Reading a business card image offline with Tesseract (through pytesseract)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from gojee_desktop.services.capture.card_fields import CardFields, extract_fields

INSTALL_HINT = (
    "Reading business cards needs Tesseract OCR, which is not installed. Install it and try "
    "again: on Debian or Ubuntu `sudo apt install tesseract-ocr`, on Fedora `sudo dnf install "
    "tesseract`, on macOS `brew install tesseract`, on Windows the installer from "
    "https://github.com/UB-Mannheim/tesseract/wiki."
)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp")


class ScanError(ValueError):
    """A card that cannot be read; the message says why and what to do."""


@dataclass(frozen=True)
class CardScan:
    path: Path
    text: str
    fields: CardFields


def tesseract_missing() -> str | None:
    """The install hint when Tesseract cannot be run, else None."""
    import pytesseract

    command = pytesseract.pytesseract.tesseract_cmd
    if shutil.which(command) is None and not Path(command).is_file():
        return INSTALL_HINT
    return None


def scan_card(path: str | Path, region: str = "AU") -> CardScan:
    """OCR the image (prepared for it) and pick out the fields."""
    from PIL import Image, UnidentifiedImageError

    path = Path(path)
    hint = tesseract_missing()
    if hint:
        raise ScanError(hint)
    if not path.is_file():
        raise ScanError(f"There is no image {path}.")
    try:
        with Image.open(path) as image:
            image.load()
            from gojee_desktop.services.capture.card_image import prepare

            prepared = prepare(image)
    except (UnidentifiedImageError, OSError) as exc:
        raise ScanError(f"{path.name} is not an image Gojee can read (PNG or JPG): {exc}") from exc
    import pytesseract

    try:
        text = pytesseract.image_to_string(prepared, lang="eng", config="--psm 4")
    except pytesseract.TesseractError as exc:
        raise ScanError(f"Tesseract could not read {path.name}: {exc}") from exc
    return CardScan(path, text, extract_fields(text, region))
