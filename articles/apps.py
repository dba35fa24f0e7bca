from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"

    def ready(self):
        from pagecache.signals import content_changed

        from .signals import article_rendered

        # Rendering writes with update() and bulk_create(), which send no model signals.
        article_rendered.connect(content_changed, dispatch_uid="pagecache-rendered")
