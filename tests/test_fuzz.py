"""Property-based tests (Hypothesis): any input gives HTML or a message within a time bound, never an exception.

The inputs of issue 14 are kept as fixed examples, so every run tries them first.
"""
import json
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from articles.body import BodyTooComplex, render_body
from references.exports import bibtex, csl_item, ris
from references.importers import EntryError, parse_entry
from references.models import Reference
from references.schema import author_problems, readable_authors, reference_problems
from tests.pathological_bodies import ALL_BODIES

# Well above the render budget (0.75 s) and the limit checks, so only a hang or a crash fails.
BOUND = settings(deadline=timedelta(seconds=3), max_examples=150,
                 suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])

MARKDOWN_PIECES = st.sampled_from([
    "*", "**", "_", "[", "]", "(", ")", "<", ">", "`", "```", "\\", "!", "#", "## ", "|", "-", "- ", "1. ",
    "    ", "\n", "\n\n", "@", "[@a]", "[+@b]", "{#x}", "!!! warning \"T\"\n    ", "http://a.b/", "<http://a.b/>",
    "a", "word ", "&", "&amp;", "<script>", "\t", ":", "~", "=",
])
MARKDOWN = st.one_of(
    st.text(max_size=400),
    st.lists(MARKDOWN_PIECES, max_size=300).map("".join),
    st.tuples(MARKDOWN_PIECES, st.integers(1, 3000)).map(lambda pair: pair[0] * pair[1]),
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
CSL_KEYS = st.sampled_from(["type", "title", "author", "issued", "accessed", "DOI", "page", "container-title", "id", "URL", "volume"])
CSL_ITEM = st.dictionaries(CSL_KEYS, JSON, max_size=8)
CSL_DATE = st.fixed_dictionaries({}, optional={"date-parts": JSON, "raw": JSON})


@pytest.mark.django_db
@BOUND
@given(body=MARKDOWN)
@example(body="*a " * 1000 + "b*" * 1000)
def test_any_body_renders_or_gets_a_message(body):
    try:
        rendered, _ = render_body(body)
    except BodyTooComplex as error:
        assert error.messages and all(isinstance(m, str) and m for m in error.messages)
    else:
        assert isinstance(rendered.html, str)


@pytest.mark.django_db
@pytest.mark.parametrize("name,body,words", ALL_BODIES, ids=[name for name, _, _ in ALL_BODIES])
def test_the_pathological_bodies_render_or_get_a_message(name, body, words):
    try:
        render_body(body)
    except BodyTooComplex as error:
        assert words is None or any(words in m for m in error.messages)
    else:
        assert words is None


ISSUE_ENTRIES = [
    "[" * 19000,
    '{"type": "article-journal", "title": "T", "issued": {"raw": 2020}}',
    '{"type": "article-journal", "title": "T", "accessed": {"date-parts": [[2020, 2, 31]]}}',
    "@article{x, author = {" + " and ".join(f"A{n}, B" for n in range(300)) + "}, title = {T}}",
]


@BOUND
@given(text=st.one_of(
    st.text(max_size=300),
    CSL_ITEM.map(json.dumps),
    st.lists(CSL_ITEM, max_size=3).map(json.dumps),
    st.fixed_dictionaries({"title": st.text(min_size=1, max_size=30), "issued": CSL_DATE, "accessed": CSL_DATE,
                           "author": JSON}).map(json.dumps),
    st.text(max_size=200).map(lambda t: "@article{k, " + t + "}"),
    st.text(max_size=200).map(lambda t: "@article{k, author = {" + t + "}, title = {T}}"),
    st.text(max_size=200).map(lambda t: "TY  - JOUR\n" + t + "\nER  - "),
))
@example(text=ISSUE_ENTRIES[0])
@example(text=ISSUE_ENTRIES[1])
@example(text=ISSUE_ENTRIES[2])
@example(text=ISSUE_ENTRIES[3])
def test_any_pasted_entry_gives_fields_that_pass_the_schema_or_a_message(text):
    try:
        fields = parse_entry(text)
    except EntryError as error:
        assert str(error)
    else:
        assert reference_problems(fields) == {}


@BOUND
@given(values=st.dictionaries(
    st.sampled_from(["key", "title", "year", "month", "day", "authors", "accessed", "authors_truncated", "pages"]), JSON))
def test_the_schema_answers_any_values_with_messages(values):
    problems = reference_problems(values)
    assert all(isinstance(message, str) and message for message in problems.values())


@BOUND
@given(authors=JSON)
@example(authors=[{"family": "Younger", "given": ["J", "A"]}, {"family": "Noor", "given": 5}, {"given": None}])
def test_readers_of_any_stored_authors_never_raise(authors):
    readable = readable_authors(authors)
    assert author_problems(readable) == [] or len(readable) > 500 or any(
        len(part) > 300 for name in readable for part in name.values()
    )
    reference = Reference(key="k", title="T", authors=authors, evidence_type="trial")
    assert isinstance(reference.formatted, str)
    assert bibtex([reference]) and ris([reference]) and csl_item(reference)
