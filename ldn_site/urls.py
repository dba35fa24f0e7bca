from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from articles import views as article_views

from . import editor

handler404 = "ldn_site.errors.not_found"
handler500 = "ldn_site.errors.server_error"

urlpatterns = [
    path("", article_views.home, name="home"),
    path("articles/", include("articles.urls")),
    path("references/", include("references.urls")),
    path("admin/", admin.site.urls),
    path("markdownx/", include(editor.urlpatterns)),
]
# Images uploaded in the editor; in production the web server serves MEDIA_ROOT instead
# (static() adds nothing when DEBUG is off).
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
