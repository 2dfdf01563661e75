"""A business card drawn with Pillow (DejaVu from resources/fonts), photographed badly:
slightly rotated, a shadow across it, smaller than a scan."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from gojee_desktop.config import resources_dir

LINES = [
    ("Harbourside Electrical Pty Ltd", "bold", 44, (20, 40, 90), 50),
    ("Zoe Mueller", "bold", 40, (10, 10, 10), 160),
    ("Project Manager", "regular", 30, (60, 60, 60), 215),
    ("M: 0412 345 678", "regular", 30, (10, 10, 10), 300),
    ("T: (02) 9550 1234", "regular", 30, (10, 10, 10), 345),
    ("E: zoe.mueller@harbourside.com.au", "regular", 30, (10, 10, 10), 390),
    ("www.harbourside.com.au", "regular", 30, (10, 10, 10), 435),
    ("12 Smith Street, Marrickville NSW 2204", "regular", 30, (10, 10, 10), 480),
]


def draw_card(path: Path, angle: float = 4.0) -> Path:
    fonts = resources_dir() / "fonts"
    files = {"bold": fonts / "DejaVuSans-Bold.ttf", "regular": fonts / "DejaVuSans.ttf"}
    width, height = 1050, 600
    card = Image.new("RGB", (width, height), (250, 248, 240))
    pen = ImageDraw.Draw(card)
    for text, weight, size, colour, top in LINES:
        pen.text((60, top), text, font=ImageFont.truetype(str(files[weight]), size), fill=colour)
    shade = Image.linear_gradient("L").rotate(90).resize((width, height))  # darker to the right
    card = Image.composite(
        card, Image.new("RGB", (width, height), (120, 115, 110)), shade.point(lambda v: 255 - v // 3)
    )
    card = card.rotate(angle, expand=True, fillcolor=(90, 90, 90), resample=Image.Resampling.BICUBIC)
    card = card.resize((card.width * 2 // 3, card.height * 2 // 3))
    card.save(path)
    return path
