"""Images in a body must describe themselves: alt text for people who cannot see them."""
from html.parser import HTMLParser

# What the editor's upload inserts; an image still carrying it has not been described yet.
ALT_PLACEHOLDER = "DESCRIBE THIS IMAGE"


class _Images(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.images = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            attrs = dict(attrs)
            self.images.append((attrs.get("src") or "", (attrs.get("alt") or "").strip()))


def undescribed_images(html: str):
    """[(position, src)] of every image whose alt text is empty or still the upload placeholder."""
    parser = _Images()
    parser.feed(html or "")
    parser.close()
    return [
        (position, src)
        for position, (src, alt) in enumerate(parser.images, start=1)
        if not alt or alt.upper() == ALT_PLACEHOLDER
    ]


def unserved_images(html: str):
    """Positions of the images the sanitiser emptied because their address is not on this site."""
    parser = _Images()
    parser.feed(html or "")
    parser.close()
    return [position for position, (src, _) in enumerate(parser.images, start=1) if not src]


def unserved_image_message(position: int) -> str:
    return (
        f"Image {position} is not stored on this site, so patients would not see it: pages load nothing "
        "from other sites. Drag the image file into the text box to upload it here."
    )


def alt_text_message(position: int, src: str) -> str:
    name = src.rsplit("/", 1)[-1] or "with no address"
    return (
        f"Image {position} ({name}) has no description. Write what it shows between the square "
        f"brackets, like ![A pharmacist handing over a prescription]({src}), so people using a "
        "screen reader get the same information."
    )
