"""Template helpers for what browsers, search engines and link previews read about a page."""
from django import template

from articles.metadata import absolute, ld_json_script

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """The full address of `path` on this site, from SITE_URL (never the request's Host)."""
    return absolute(path)


@register.filter
def ld_json(data):
    """`data` as a JSON-LD script block that no text inside it can close or break."""
    return ld_json_script(data)
