from django.urls import path

from . import views

app_name = "references"
urlpatterns = [
    path("", views.reference_list, name="list"),
    path("<slug:key>/", views.reference_detail, name="detail"),
]
