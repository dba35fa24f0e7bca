"""History lines in words: which fields a person changed, and their own note, never the machinery's fields."""
from django import forms

# Hidden fields a form carries for the machinery, and the note itself.
NOT_EDITED = {"edit_token", "change_note"}
FIRST_VERSION = "First version, added in the admin."
SEED_VERSION = "First version, loaded from the site's own content files."
NO_CHANGES = "Saved without changes."


def _same(field, before, after) -> bool:
    if isinstance(field, forms.ModelMultipleChoiceField):
        return {getattr(v, "pk", v) for v in before or []} == {getattr(v, "pk", v) for v in after or []}
    if isinstance(field, forms.ModelChoiceField):
        return getattr(before, "pk", before) == getattr(after, "pk", after)
    if isinstance(before, str) or isinstance(after, str):
        # Browsers send \r\n in text boxes; a line ending is not an edit.
        return (before or "").replace("\r\n", "\n").strip() == (after or "").replace("\r\n", "\n").strip()
    return before == after


def _label(form, name) -> str:
    try:
        return str(form._meta.model._meta.get_field(name).verbose_name)
    except Exception:  # a form-only field
        return str(form.fields[name].label or name).lower()


def changed_fields(form) -> list[str]:
    """The names (as editors know them) of the fields whose value really changed."""
    return [
        _label(form, name)
        for name in form.changed_data
        if name not in NOT_EDITED and not _same(form.fields[name], form.initial.get(name), form.cleaned_data.get(name))
    ]


def join_words(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def history_line(form, formsets, add: bool) -> str:
    """"Changed title and body." (plus the editor's note on its own line) for a save made in the admin."""
    if add:
        line = FIRST_VERSION
    else:
        names = changed_fields(form)
        for formset in formsets or []:
            if formset.has_changed():
                names.append(str(formset.model._meta.verbose_name_plural))
        line = f"Changed {join_words(names)}." if names else NO_CHANGES
    return with_note(line, form.cleaned_data.get("change_note", ""))


def with_note(line: str, note: str) -> str:
    note = " ".join((note or "").split())
    return f"{line}\n{note}" if note else line


def split_comment(comment: str) -> tuple[str, str]:
    """(what changed, the editor's note) from a stored revision comment."""
    line, _, note = (comment or "").partition("\n")
    return line, note
