"""The one allowlist every rendered body passes through before it is stored or previewed."""
import nh3

TAGS = {
    "p", "h2", "h3", "h4", "h5", "h6", "a", "em", "strong", "code", "pre", "blockquote",
    "ul", "ol", "li", "sup", "sub", "table", "thead", "tbody", "tr", "th", "td", "img",
    "hr", "br", "aside", "div", "span", "dl", "dt", "dd", "abbr",
}
ATTRIBUTES = {
    "a": {"href", "id", "title", "aria-label"},
    "sup": {"id"},
    "p": {"id"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "img": {"src", "alt", "title", "width", "height", "loading"},
    "aside": {"aria-label"},
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
    "a": {"citation-link"},
}


def sanitize(html: str) -> str:
    """Strip everything outside the allowlist: no script, no handlers, only http(s)/mailto links."""
    return nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags={"script", "style"},
        attributes=ATTRIBUTES,
        allowed_classes=CLASSES,
        url_schemes={"http", "https", "mailto"},
        strip_comments=True,
    )
