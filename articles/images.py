"""Images in a body must describe themselves: alt text for people who cannot see them."""
import re

from core.html_tokens import start_tags

# What the editor's upload inserts; an image still carrying it has not been described yet.
ALT_PLACEHOLDER = "DESCRIBE THIS IMAGE"


def _images(html: str):
    """[(src, alt)] of every image, from the body's one tokenisation."""
    return [(attrs.get("src") or "", (attrs.get("alt") or "").strip()) for tag, attrs in start_tags(html) if tag == "img"]


def undescribed_images(html: str):
    """[(position, src)] of every image whose alt text is empty or still the upload placeholder."""
    return [
        (position, src)
        for position, (src, alt) in enumerate(_images(html), start=1)
        if not alt or alt.upper() == ALT_PLACEHOLDER
    ]


def unserved_images(html: str):
    """Positions of the images the sanitiser emptied because their address is not on this site."""
    return [position for position, (src, _) in enumerate(_images(html), start=1) if not src]


# ![alt](address "title"): the address as typed, before the sanitiser empties another site's.
MARKDOWN_IMAGE = re.compile(r"!\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]*)")


def image_count(html: str) -> int:
    return len(_images(html))


def typed_addresses(body: str, html: str):
    """The address typed for each image of `body`, in order; None when they cannot be told apart."""
    addresses = MARKDOWN_IMAGE.findall(body or "")
    return addresses if len(addresses) == image_count(html) else None


def unserved_image_message(position: int, address: str = "") -> str:
    source = f" (it comes from {address})" if address else ""
    return (
        f"Image {position} is not stored on this site{source}, so patients would not see it: pages load "
        "nothing from other sites. Save the picture to your computer, delete this image's line, and drag "
        "the file into the text box: it is then stored here. Use only pictures the clinic may publish."
    )


def alt_text_message(position: int, src: str) -> str:
    name = src.rsplit("/", 1)[-1] or src
    return (
        f"Image {position} ({name}) has no description. Write what it shows between the square "
        f"brackets, like ![A pharmacist handing over a prescription]({src}), so people using a "
        "screen reader get the same information."
    )
