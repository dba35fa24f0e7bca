"""{% condition_links %}: every condition page, as a list of links (the home page shows it)."""
from django import template

from compare.models import Condition

register = template.Library()


@register.inclusion_tag("compare/_condition_links.html")
def condition_links():
    """Every condition, by name, each linking to its own page."""
    return {"conditions": Condition.objects.only("name", "slug")}
