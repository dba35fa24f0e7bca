from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from articles import editor
from articles import views as article_views
from articles.feeds import ArticlesFeed
from articles.sitemaps import SITEMAPS
from desk.views import needs_attention_view
from compare.sitemaps import CompareSitemap
from pagecache.cacheable import cacheable
from questions.sitemaps import QuestionSitemap

from .admin_shortcut import guarded_shortcut

handler400 = "ldn_site.errors.bad_request"
handler403 = "ldn_site.errors.permission_denied"
handler404 = "ldn_site.errors.not_found"
handler500 = "ldn_site.errors.server_error"

urlpatterns = [
    path("", article_views.home, name="home"),
    path("articles/", include("articles.urls")),
    path("references/", include("references.urls")),
    path("glossary/", include("glossary.urls")),
    path("search/", include("search.urls")),
    path("", include("compare.urls")),
    path("", include("about.urls")),
    path("questions/", include("questions.urls")),
    path("feed/", cacheable(ArticlesFeed()), name="feed"),
    path("feed/about/", article_views.feed_about, name="feed-about"),
    path("sitemap.xml", cacheable(sitemap), {"sitemaps": {**SITEMAPS, "compare": CompareSitemap, "questions": QuestionSitemap}}, name="sitemap"),
    path("robots.txt", cacheable(TemplateView.as_view(template_name="robots.txt", content_type="text/plain")), name="robots"),
    # Before the admin's own, which checks no permission on the object.
    path("admin/r/<int:content_type_id>/<path:object_id>/", guarded_shortcut, name="admin-shortcut"),
    path("admin/needs-attention/", admin.site.admin_view(needs_attention_view), name="needs-attention"),
    path("admin/", admin.site.urls),
    path("markdownx/", include(editor.urlpatterns)),
]
# Images uploaded in the editor; in production the web server serves MEDIA_ROOT instead
# (static() adds nothing when DEBUG is off).
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
