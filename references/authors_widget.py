"""The authors editor: one row per author (family and given names, or one name for an organisation), not JSON.

The form field stays the model's JSONField, so issue 14's schema (references/schema.py) checks
what the rows make; rows are plain inputs, so the form works, and autosaves, without JavaScript.
static/editor/authors.js adds "Add an author", "Remove" and "Move up".
"""
import json
import re

from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from .schema import MAX_AUTHORS

BLANK_ROWS = 2
PARTS = ("family", "given", "literal")


class AuthorsWidget(forms.Widget):
    template_name = "admin/references/authors_widget.html"

    class Media:
        js = ["editor/authors.js"]
        css = {"all": ["editor/authors.css"]}

    def _rows(self, value):
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                value = []
        rows = []
        for author in value if isinstance(value, list) else []:
            if isinstance(author, dict):
                rows.append({part: str(author.get(part, "")) for part in PARTS})
        return rows + [dict.fromkeys(PARTS, "") for _ in range(BLANK_ROWS)]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["rows"] = self._rows(value)
        return context

    def _render(self, template_name, context, renderer=None):
        # The project's templates folder, which the default form renderer does not search.
        return mark_safe(render_to_string(template_name, context))

    def value_from_datadict(self, data, files, name):
        pattern = re.compile(rf"^{re.escape(name)}-(\d+)-(family|given|literal)$")
        rows = {}
        for key in data:
            match = pattern.match(key)
            if match and int(match.group(1)) < MAX_AUTHORS + BLANK_ROWS + 50:
                rows.setdefault(int(match.group(1)), {})[match.group(2)] = " ".join(str(data.get(key, "")).split())
        if not rows and name in data:
            return data[name]  # a JSON list posted by a script or an older form
        authors = []
        for index in sorted(rows):
            row = {part: text for part, text in rows[index].items() if text}
            if row:
                authors.append(row)
        return json.dumps(authors, ensure_ascii=False)

    def value_omitted_from_data(self, data, files, name):
        return not any(key.startswith(f"{name}-") for key in data) and name not in data
