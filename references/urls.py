from django.urls import path

from . import converters, views  # noqa: F401 (converters registers <export:fmt>)

app_name = "references"
urlpatterns = [
    path("", views.reference_list, name="list"),
    path("all.<export:fmt>", views.reference_list_export, name="list-export"),
    path("<slug:key>/", views.reference_detail, name="detail"),
    path("<slug:key>/cite.<export:fmt>", views.reference_export, name="export"),
]
