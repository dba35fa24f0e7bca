from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"

    def ready(self):
        from django.db.models.signals import post_save

        from pagecache.signals import content_changed, watch
        from references.models import Reference

        from .publishing import refresh_bibliographies
        from .signals import article_rendered

        watch(self)
        # Rendering writes with update() and bulk_create(), which send no model signals.
        article_rendered.connect(content_changed, dispatch_uid="pagecache-rendered")
        post_save.connect(refresh_bibliographies, sender=Reference, dispatch_uid="articles-bibliographies")
