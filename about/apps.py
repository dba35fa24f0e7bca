from django.apps import AppConfig


class AboutConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "about"
    verbose_name = "About this site"

    def ready(self):
        from pagecache.signals import watch

        watch(self)
