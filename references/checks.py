"""`manage.py check --database default`: every stored reference that breaks the schema, by key."""
from django.core import checks
from django.db import DatabaseError

from .models import Reference
from .schema import reference_problems


def stored_reference_problems(references) -> list:
    """[(key, field, message)] for each stored reference (model instances) the schema refuses."""
    found = []
    for reference in references:
        for name, message in sorted(reference_problems(reference.schema_values()).items()):
            found.append((reference.key, name, message))
    return found


@checks.register(checks.Tags.database)
def check_stored_references(app_configs=None, databases=None, **kwargs):
    errors = []
    for alias in databases or []:
        try:
            rows = stored_reference_problems(Reference.objects.using(alias).all())
        except DatabaseError:  # not migrated yet: nothing stored to check
            continue
        errors += [
            checks.Error(
                f"Reference “{key}” ({alias}): {name}: {message}",
                hint="Fix it in the admin; until then readers see what can be read of it.",
                obj=f"references.Reference:{key}",
                id="references.E001",
            )
            for key, name, message in rows
        ]
    return errors
