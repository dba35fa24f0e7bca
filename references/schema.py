"""The shape every stored reference must have, checked at every way in. Pure: no ORM.

`reference_problems(values)` -> {field name: message} for a dict of Reference field values
(the admin's clean(), the importers, loaddata and restore through a pre_save signal, and
`manage.py check_references` all call it). `author_problems(authors)` checks the authors
list alone (the authors editor widget builds on it). `readable_authors(authors)` is what
readers use: it never raises, whatever is stored.
"""
from datetime import date

AUTHOR_PARTS = {"family", "given", "literal"}
MAX_AUTHORS = 500
MAX_NAME_LENGTH = 300
TEXT_FIELDS = {
    "key": 80, "kind": 20, "title": 500, "container_title": 300, "publisher": 300, "volume": 40,
    "issue": 40, "pages": 40, "doi": 300, "pmid": 20, "url": 500, "evidence_type": 20, "verification": 100_000,
}
NUMBER_FIELDS = {"year": (1, 9999), "month": (1, 12), "day": (1, 31)}


def _kind_of(value) -> str:
    if value is None:
        return "null"
    return {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "an object"}.get(
        type(value), type(value).__name__
    )


def _author_problem(position, name):
    if not isinstance(name, dict):
        return f"Author {position} is {_kind_of(name)}; write it as {{\"family\": \"…\", \"given\": \"…\"}} or {{\"literal\": \"…\"}}."
    unknown = set(name) - AUTHOR_PARTS
    if unknown:
        return f"Author {position} has unknown parts: {', '.join(sorted(map(str, unknown)))}."
    for part, value in name.items():
        if not isinstance(value, str):
            return f"Author {position}'s “{part}” is {_kind_of(value)}; it must be text, like \"given\": \"JA\"."
        if len(value) > MAX_NAME_LENGTH:
            return f"Author {position}'s “{part}” is {len(value)} characters long; the most is {MAX_NAME_LENGTH}."
    if "literal" in name:
        if set(name) != {"literal"}:
            return f"Author {position} is an organisation (“literal”) and cannot also have “family” or “given”."
        if not name["literal"].strip():
            return f"Author {position}'s “literal” name is empty."
        return None
    if not name.get("family", "").strip():
        return f"Author {position} needs a “family” name (a person) or a “literal” name (an organisation)."
    return None


def author_problems(authors) -> list:
    """Messages for the first thing wrong with an authors value (empty when it is good)."""
    if not isinstance(authors, list):
        return [f"Authors must be a list like [{{\"family\": \"Younger\", \"given\": \"J\"}}], not {_kind_of(authors)}."]
    if len(authors) > MAX_AUTHORS:
        return [f"There are {len(authors)} authors; the most is {MAX_AUTHORS} (tick “more authors not listed” instead)."]
    for position, name in enumerate(authors, start=1):
        problem = _author_problem(position, name)
        if problem:
            return [problem]
    return []


def _date_problem(year, month, day):
    if day and not month:
        return "day", "A day needs a month."
    if (month or day) and not year:
        return "year", "A month or day needs a year."
    if year and month and day:
        try:
            date(year, month, day)
        except ValueError:
            return "day", f"{year}-{month:02d}-{day:02d} is not a real date."
    return None


def reference_problems(values: dict) -> dict:
    """{field: message} for everything in `values` (Reference field values) that breaks the schema."""
    problems = {}
    for name, longest in TEXT_FIELDS.items():
        if name in values:
            value = values[name]
            if not isinstance(value, str):
                problems[name] = f"This must be text, not {_kind_of(value)}."
            elif len(value) > longest:
                problems[name] = f"This is {len(value)} characters long; the most is {longest}."
    for name, (low, high) in NUMBER_FIELDS.items():
        value = values.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            problems[name] = f"This must be a whole number, not {_kind_of(value)}."
        elif value is not None and not low <= value <= high:
            problems[name] = f"{value} is not between {low} and {high}."
    if "authors_truncated" in values and not isinstance(values["authors_truncated"], bool):
        problems["authors_truncated"] = "This must be true or false."
    if "accessed" in values and values["accessed"] is not None and not isinstance(values["accessed"], date):
        problems["accessed"] = "This must be a real date, like 2024-05-01."
    if "authors" in values:
        found = author_problems(values["authors"])
        if found:
            problems["authors"] = found[0]
    if not {"year", "month", "day"} & set(problems):
        found = _date_problem(values.get("year"), values.get("month"), values.get("day"))
        if found:
            problems.setdefault(found[0], found[1])
    return problems


def _text(value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return " ".join(_text(v) for v in value)
    return "" if value is None or isinstance(value, (dict, bool)) else str(value)


def readable_authors(authors) -> list:
    """The authors as [{family, given} | {literal}] of strings, whatever is stored: bad parts become text or go."""
    if not isinstance(authors, list):
        return []
    names = []
    for name in authors:
        if isinstance(name, str) and name.strip():
            names.append({"literal": name.strip()})
        elif isinstance(name, dict):
            literal, family, given = (_text(name.get(part)).strip() for part in ("literal", "family", "given"))
            if literal:
                names.append({"literal": literal})
            elif family:
                names.append({"family": family, "given": given} if given else {"family": family})
    return names
