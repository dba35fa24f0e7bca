"""Links to other sites from fields staff type: only http(s) addresses ever become a link."""
from django import template

from references.formatting import web_address

register = template.Library()


@register.filter
def web_link(url):
    """`url` if it is an http(s) address, else "" (so the template shows it as text, never as a link)."""
    return web_address(url)
