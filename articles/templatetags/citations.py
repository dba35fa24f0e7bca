from django import template

from articles.rendering import backlink_label

register = template.Library()


@register.filter
def backlink(index):
    """0 -> "a", 1 -> "b": the label of the n-th place a reference is cited."""
    return backlink_label(int(index))
