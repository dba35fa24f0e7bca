from django.urls import path

from . import views

app_name = "compare"
urlpatterns = [
    path("what-the-sources-say/", views.sources, name="sources"),
    path("conditions/", views.condition_list, name="conditions"),
    path("conditions/<slug:slug>/", views.condition_detail, name="condition"),
]
