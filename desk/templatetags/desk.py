from django import template

from desk.attention import needs_attention

register = template.Library()


@register.simple_tag(takes_context=True)
def needs_attention_total(context):
    """How many entries wait on this person, for the link on the admin's home page."""
    return sum(len(section.items) for section in needs_attention(context["request"].user))
