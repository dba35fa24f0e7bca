"""The one manager of every model that fixtures and backups refer to by a unique field, not its id."""
from django.db import models


class NaturalKeyManager(models.Manager):
    """get_by_natural_key for a model whose natural_key() is (the value of its unique `field`,)."""

    def __init__(self, field="slug"):
        super().__init__()
        self.natural_key_field = field

    def get_by_natural_key(self, value):
        return self.get(**{self.natural_key_field: value})
