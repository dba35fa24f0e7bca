"""Give every uploaded image in a body its width and height and lazy loading (run on every rendered body, articles/body.py).

With its size in the HTML the browser keeps the image's place while it loads, so the text does not
jump (layout shift); "lazy" leaves images below the fold until the reader scrolls near them. The
size is read once, from the stored file, when the body is rendered.
"""
import re
from pathlib import Path

from django.conf import settings
from PIL import Image, UnidentifiedImageError

_IMG = re.compile(r"<img\b([^>]*?)\s*/?>")
_SRC = re.compile(r'\ssrc="([^"]*)"')


def image_size(src: str):
    """(width, height) of an uploaded image given its address on this site, or None if it is not there."""
    prefix = "/" + settings.MEDIA_URL.lstrip("/")
    if not src.startswith(prefix):
        return None
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / src[len(prefix):]).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    try:
        with Image.open(path) as image:
            return image.size
    except (OSError, UnidentifiedImageError):
        return None


def _with_size(match):
    attrs = match.group(1)
    if " loading=" not in attrs:
        attrs += ' loading="lazy"'
    src = _SRC.search(attrs)
    size = image_size(src.group(1)) if src else None
    if size and " width=" not in attrs and " height=" not in attrs:
        attrs += f' width="{size[0]}" height="{size[1]}"'
    return f"<img{attrs}>"


def add_image_sizes(html: str) -> str:
    """Every <img> lazy-loaded, and those stored on this site given their width and height."""
    return _IMG.sub(_with_size, html)
