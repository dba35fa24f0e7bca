"""What a member of staff typed into an admin form and has not saved yet, kept for them alone."""
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class Autosave(models.Model):
    """One person's unsaved form for one entry (or for a new one): never published, never shown to anyone else."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="autosaves")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_key = models.CharField(
        max_length=64, blank=True, help_text="The entry's id as text; empty for a form adding a new entry."
    )
    fields = models.JSONField(default=dict, help_text="Every field of the form as typed: {name: [values]}.")
    saved_at = models.DateTimeField(auto_now=True, help_text="When the browser last sent the form.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "content_type", "object_key"], name="autosave_once_per_user_and_entry"),
        ]

    def __str__(self):
        return f"Unsaved changes by {self.user} to {self.content_type.name} {self.object_key or '(new)'}"
