from django.apps import AppConfig


class AutosaveConfig(AppConfig):
    name = "autosave"
    verbose_name = "Autosaved drafts"
