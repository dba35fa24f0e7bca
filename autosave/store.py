"""Keep, read and drop one person's unsaved form for one entry."""
from django.contrib.contenttypes.models import ContentType

from .models import Autosave

# Fields a form carries for the machinery, not typed by anyone.
NOT_TYPED = {"csrfmiddlewaretoken"}
# A long article is tens of kilobytes; far more than this is not a form someone typed.
MAX_FIELD_COUNT = 2_000


class BadAutosave(ValueError):
    """Autosaved data that is not {name: [text, ...]}; the message says what is wrong."""


def clean_fields(fields) -> dict:
    if not isinstance(fields, dict):
        raise BadAutosave("The form's fields must be sent as {name: [values]}.")
    if len(fields) > MAX_FIELD_COUNT:
        raise BadAutosave(f"A form with more than {MAX_FIELD_COUNT} fields is not kept.")
    cleaned = {}
    for name, values in fields.items():
        if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
            raise BadAutosave(f"The field “{name}” must be a list of texts.")
        if name not in NOT_TYPED:
            cleaned[name] = values
    return cleaned


def _key(user, model, object_key):
    return {"user": user, "content_type": ContentType.objects.get_for_model(model), "object_key": object_key or ""}


def keep(*, user, model, object_key, fields) -> Autosave:
    autosave, _ = Autosave.objects.update_or_create(**_key(user, model, object_key), defaults={"fields": clean_fields(fields)})
    return autosave


def find(*, user, model, object_key):
    return Autosave.objects.filter(**_key(user, model, object_key)).first()


def drop(*, user, model, object_key) -> None:
    Autosave.objects.filter(**_key(user, model, object_key)).delete()
