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
    path("glossary/", include("glossary.urls")),
    path("search/", include("search.urls")),
    path("", include("compare.urls")),
    path("admin/", admin.site.urls),
    path("markdownx/", include(editor.urlpatterns)),
]
