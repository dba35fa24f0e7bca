from django.apps import AppConfig


class GlossaryConfig(AppConfig):
    name = "glossary"
    verbose_name = "Glossary"

    def ready(self):
        from articles.body import add_html_filter
        from pagecache.signals import watch

        from . import signals  # noqa: F401  (re-render articles when a term changes)
        from .linking import link_terms

        add_html_filter(link_terms)
        watch(self)
