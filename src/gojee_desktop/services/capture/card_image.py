"""A business card photo made readable for Tesseract, with Pillow only: grey, upscaled when
small, uneven light flattened, deskewed (the angle whose rows of text are sharpest), and
thresholded (Otsu)."""

from __future__ import annotations

from PIL import Image, ImageChops, ImageFilter, ImageOps

MIN_WIDTH = 1600  # Tesseract reads best at roughly 300 dpi: a card 85 mm wide is ~1000 px
MAX_WIDTH = 2600
MAX_SKEW = 10.0  # degrees tried either way
SKEW_STEP = 0.5


def to_grey(image: Image.Image) -> Image.Image:
    """Greyscale, upright as the camera meant (EXIF orientation), sized for OCR."""
    grey = ImageOps.exif_transpose(image).convert("L")
    width, height = grey.size
    if width < MIN_WIDTH or width > MAX_WIDTH:
        scale = (MIN_WIDTH if width < MIN_WIDTH else MAX_WIDTH) / width
        grey = grey.resize((round(width * scale), round(height * scale)), Image.Resampling.LANCZOS)
    return grey


def flatten_light(grey: Image.Image) -> Image.Image:
    """Remove shadows and gradients: the text minus a heavily blurred copy (its background)."""
    radius = max(grey.size) / 25
    background = grey.filter(ImageFilter.GaussianBlur(radius))
    ink = ImageChops.subtract(background, grey)  # bright where darker than the background
    return ImageOps.autocontrast(ImageOps.invert(ink), cutoff=1)


def otsu_level(grey: Image.Image) -> int:
    """The grey level that best separates ink from paper (Otsu's method on the histogram)."""
    histogram = grey.histogram()[:256]
    total = sum(histogram)
    sum_all = sum(level * count for level, count in enumerate(histogram))
    weight_back = 0
    sum_back = 0.0
    best_level, best_variance = 127, -1.0
    for level, count in enumerate(histogram):
        weight_back += count
        if weight_back == 0:
            continue
        weight_fore = total - weight_back
        if weight_fore == 0:
            break
        sum_back += level * count
        mean_back = sum_back / weight_back
        mean_fore = (sum_all - sum_back) / weight_fore
        variance = weight_back * weight_fore * (mean_back - mean_fore) ** 2
        if variance > best_variance:
            best_level, best_variance = level, variance
    return best_level


def threshold(grey: Image.Image) -> Image.Image:
    level = otsu_level(grey)
    return grey.point(lambda value: 255 if value > level else 0, mode="L")


def skew_angle(binary: Image.Image) -> float:
    """The rotation that makes text lines horizontal: the one whose row profile (mean ink per
    row) varies most, tried on a small copy."""
    small = ImageOps.invert(binary)
    small.thumbnail((500, 500))
    best_angle, best_score = 0.0, -1.0
    steps = int(MAX_SKEW / SKEW_STEP)
    for step in range(-steps, steps + 1):
        angle = step * SKEW_STEP
        rotated = small.rotate(angle, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=0)
        column = rotated.resize((1, rotated.height), Image.Resampling.BOX)
        rows = [float(column.getpixel((0, y)) or 0) for y in range(column.height)]  # type: ignore[arg-type]
        mean = sum(rows) / len(rows)
        score = sum((value - mean) ** 2 for value in rows) / len(rows)
        if score > best_score + 1e-9:
            best_angle, best_score = angle, score
    return best_angle


def prepare(image: Image.Image) -> Image.Image:
    """The image Tesseract is given: grey, sized, evenly lit, straight, black on white."""
    grey = flatten_light(to_grey(image))
    angle = skew_angle(threshold(grey))
    if angle:
        grey = grey.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    return threshold(grey)
