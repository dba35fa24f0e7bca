"""Admin change forms as a browser would post them back."""
import re
from html.parser import HTMLParser


def edit_token(client, url) -> str:
    """The hidden edit token the change form at `url` was opened with."""
    return re.search(r'name="edit_token" value="([^"]*)"', client.get(url).content.decode()).group(1)


class _FormFields(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields, self.select, self.textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"submit", "button", "file", "checkbox", "radio"}:
            self.fields[name] = attrs.get("value") or ""
        elif tag == "input" and name and attrs.get("type") in {"checkbox", "radio"} and "checked" in attrs:
            self.fields[name] = attrs.get("value") or "on"
        elif tag == "select" and name:
            self.select = name
            self.fields[name] = [] if "multiple" in attrs else ""
        elif tag == "option" and self.select and "selected" in attrs:
            value = attrs.get("value", "")
            if isinstance(self.fields[self.select], list):
                self.fields[self.select].append(value)
            else:
                self.fields[self.select] = value
        elif tag == "textarea" and name:
            self.textarea = name
            self.fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data


def change_form(client, url) -> dict:
    """Every field of the admin form at `url` with the value it shows, as posting it unchanged would send."""
    html = client.get(url).content.decode()
    form = re.search(r'<form[^>]*id="\w+_form".*?</form>', html, re.S).group(0)
    parser = _FormFields()
    parser.feed(form)
    fields = parser.fields
    fields.pop("csrfmiddlewaretoken", None)
    # A textarea's first newline is markup, not content (the HTML parsing rules).
    return {name: value[1:] if isinstance(value, str) and value.startswith("\n") else value for name, value in fields.items()}
