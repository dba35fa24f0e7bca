"""No reference is stored that breaks the schema, whichever way it arrives.

The admin and the importers check first and show the message beside the field; this is the
last wall for the ways that skip forms: `loaddata` and `restore` (raw saves), and code.
"""
from django.core.exceptions import ValidationError
from django.db.models.signals import pre_save
from django.dispatch import receiver

from .models import Reference
from .schema import reference_problems


@receiver(pre_save, sender=Reference, dispatch_uid="references-schema")
def refuse_malformed_reference(sender, instance, **kwargs):
    problems = reference_problems(instance.schema_values())
    if problems:
        raise ValidationError(
            {name: f"Reference “{instance.key}”: {message}" for name, message in problems.items()}
        )
