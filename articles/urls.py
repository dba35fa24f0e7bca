from django.urls import path

from references import converters  # noqa: F401 (registers <export:fmt>)

from . import views

app_name = "articles"
urlpatterns = [
    path("<slug:slug>/", views.article_detail, name="detail"),
    path("<slug:slug>/references.<export:fmt>", views.article_references_export, name="references-export"),
]
