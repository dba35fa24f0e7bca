"""Signals other apps listen to, so articles never import them."""
from django.dispatch import Signal

# Sent by publishing.article_render after body_html and the citations are stored; kwargs: article.
article_rendered = Signal()
