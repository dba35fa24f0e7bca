from django.apps import AppConfig


class CompareConfig(AppConfig):
    name = "compare"
    verbose_name = "What the sources say"

    def ready(self):
        from pagecache.signals import watch

        watch(self)
