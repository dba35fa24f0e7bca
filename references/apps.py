from django.apps import AppConfig


class ReferencesConfig(AppConfig):
    name = "references"
    verbose_name = "References (bibliography)"

    def ready(self):
        from pagecache.signals import watch

        from . import checks, signals  # noqa: F401  (the schema at every way in, and the stored-row check)

        watch(self)  # every public page may show a reference
