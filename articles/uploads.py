"""Images staff add to articles: identified by content, bounded, re-encoded without metadata.

Nothing of the uploaded file survives but its pixels: the name, the declared type, EXIF
(GPS, camera serial numbers), text chunks, colour profiles and any bytes appended after
the image are all dropped, so a polyglot (an image that is also HTML or a script) cannot
reach the public site.
"""
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = {"PNG": ("png", "image/png"), "JPEG": ("jpg", "image/jpeg")}
JPEG_QUALITY = 85


class UploadRefused(ValueError):
    """An upload we will not store; the message is written for the editor."""


@dataclass
class CleanImage:
    data: bytes
    extension: str
    content_type: str
    width: int
    height: int


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def check_size(size: int, max_bytes: int) -> None:
    """Refuse a file larger than `max_bytes`, before anything reads it."""
    if size > max_bytes:
        raise UploadRefused(
            f"This file is {size / (1024 * 1024):.1f} MB; images can be at most {_megabytes(max_bytes)}. "
            "Save a smaller copy (for example, export it at 1600 pixels wide) and try again."
        )


def _too_many_pixels(what: str, max_pixels: int) -> str:
    return (
        f"{what} more than the {max_pixels / 1_000_000:g} megapixels allowed. "
        "Save a smaller copy (1600 pixels wide is plenty) and try again."
    )


DAMAGED = (
    "This image is damaged or incomplete and cannot be read. Open it in an image "
    "program, save it again as PNG or JPEG, and try again."
)
INFLATING_CHUNK = (
    "This image carries hidden text or a colour profile that unpacks to far more than any picture needs, "
    "so it was not read. Open it in an image program, save it again as PNG or JPEG, and try again."
)


def _unreadable(error) -> UploadRefused:
    # Pillow's own words for a PNG chunk (zTXt, iTXt, iCCP) that inflates past its MAX_TEXT_CHUNK.
    if isinstance(error, ValueError) and "Decompressed data too large" in str(error):
        return UploadRefused(INFLATING_CHUNK)
    return UploadRefused(DAMAGED)


def clean_image(data: bytes, *, max_bytes: int, max_pixels: int, max_width: int, max_side: int = 10_000) -> CleanImage:
    """Identify a PNG or JPEG by its content and return it re-encoded, metadata-free.

    Raises UploadRefused with an editor-facing message for anything else.
    """
    check_size(len(data), max_bytes)
    if not data:
        raise UploadRefused("The file is empty. Choose a PNG or JPEG image.")
    with warnings.catch_warnings():
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that; make every bomb an error.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=list(FORMATS))
        except UnidentifiedImageError:
            raise UploadRefused(
                "This file is not a PNG or JPEG image (whatever its name says). "
                "Only PNG and JPEG pictures can be added; save or export it as one and try again."
            ) from None
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise UploadRefused(_too_many_pixels("This image has", max_pixels)) from None
        except (OSError, SyntaxError, ValueError, EOFError) as error:  # cut short, or a chunk that inflates
            raise _unreadable(error) from None
        width, height = image.size
        if max(width, height) > max_side:
            raise UploadRefused(
                f"This image is {width:,} × {height:,} pixels; each side can be at most {max_side:,} pixels. "
                "Save a smaller copy (1600 pixels wide is plenty) and try again."
            )
        # Checked from the header, before a single pixel is decoded (decompression bombs).
        if width * height > max_pixels:
            raise UploadRefused(_too_many_pixels(f"This image is {width} × {height} pixels,", max_pixels))
        try:
            image.load()
            return _reencode(image, max_width)
        except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
            raise _unreadable(error) from None


def _reencode(image: Image.Image, max_width: int) -> CleanImage:
    source_format = image.format
    extension, content_type = FORMATS[source_format]
    # Phones store "which way up" in EXIF; apply it to the pixels before EXIF is dropped.
    image = ImageOps.exif_transpose(image)
    if image.width > max_width:
        image.thumbnail((max_width, max_width * 100), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if source_format == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        clean = Image.frombytes(image.mode, image.size, image.tobytes())
        clean.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    else:
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
            image = image.convert("RGBA")
        clean = Image.frombytes(image.mode, image.size, image.tobytes())
        if image.mode == "P":
            clean.putpalette(image.getpalette())
            if "transparency" in image.info:
                clean.info["transparency"] = image.info["transparency"]
        clean.save(out, "PNG", optimize=True)
    return CleanImage(out.getvalue(), extension, content_type, clean.width, clean.height)
