"""The one allowlist every rendered body passes through before it is stored or previewed."""
import nh3

TAGS = {
    "p", "h2", "h3", "h4", "h5", "h6", "a", "em", "strong", "code", "pre", "blockquote",
    "ul", "ol", "li", "sup", "sub", "table", "thead", "tbody", "tr", "th", "td", "img",
    "hr", "br", "wbr", "aside", "div", "span", "dl", "dt", "dd", "abbr",
}
ATTRIBUTES = {
    "a": {"href", "id", "title", "aria-label", "data-term"},
    "sup": {"id"},
    "p": {"id"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "img": {"src", "alt", "title", "width", "height", "loading"},
    "aside": {"aria-label", "id", "role"},
    "div": {"role"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
CLASSES = {
    "sup": {"citation", "citation-editor"},
    "span": {"visually-hidden", "citation-error", "citation-ed"},
    "aside": {"editor-note", "callout", "callout-warning"},
    "p": {"note-title"},
    "div": {"admonition"},
    "a": {"citation-link", "glossary-term", "preview-link"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# What a browser's URL parser drops before reading an address: "/\t/host" is "//host".
_URL_IGNORED = {ord(ch): None for ch in "\t\n\r"}


def is_site_path(url: str) -> bool:
    """True for an address on this site ("/media/…"), false for one that names another host ("//host", "/\\host")."""
    url = url.translate(_URL_IGNORED).lstrip("".join(chr(code) for code in range(0x21)))
    return url.startswith("/") and url[1:2] not in {"/", "\\"}


def _attribute_filter(element, attribute, value):
    # Images only from this site: an image from elsewhere would tell another server who reads the page.
    if element == "img" and attribute == "src" and not is_site_path(value):
        return None
    return value


def sanitize(html: str) -> str:
    """Strip everything outside the allowlist: no script, no handlers, only http(s)/mailto links, only our own images."""
    return nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags={"script", "style"},
        attributes=ATTRIBUTES,
        allowed_classes=CLASSES,
        url_schemes=URL_SCHEMES,
        strip_comments=True,
        attribute_filter=_attribute_filter,
    )
