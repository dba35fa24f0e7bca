"""The pure renderer: Markdown + [@key] citations -> sanitised HTML and numbered citations."""
from articles.rendering import backlink_label, cited_keys, render_markdown

KEYS = {"a", "b", "c", "d", "e"}


def numbers(rendered):
    return {c.key: c.number for c in rendered.citations}


def test_references_are_numbered_in_order_of_first_citation():
    r = render_markdown("One.[@c] Two.[@a] Three.[@b]", KEYS)
    assert numbers(r) == {"c": 1, "a": 2, "b": 3}
    assert [c.key for c in r.citations] == ["c", "a", "b"]


def test_reference_cited_twice_keeps_one_number_and_records_both_places():
    r = render_markdown("First.[@a] Other.[@b] Again.[@a]", KEYS)
    assert numbers(r) == {"a": 1, "b": 2}
    anchors = [o.anchor for o in r.citations[0].occurrences]
    assert anchors == ["cite-1-1", "cite-1-2"]
    for anchor in anchors:
        assert f'href="#ref-1" id="{anchor}"' in r.html
    assert r.html.count('href="#ref-1"') == 2


def test_in_text_citation_is_a_superscript_link_to_its_bibliography_entry():
    r = render_markdown("Claim.[@a]", KEYS)
    assert '<sup class="citation">\u2060[<a aria-label="Reference 1" class="citation-link" href="#ref-1" id="cite-1-1"' in r.html
    assert ">1</a>]</sup>" in r.html


def test_grouped_citation_shows_each_number():
    r = render_markdown("Claim.[@a; @b; @c]", KEYS)
    assert numbers(r) == {"a": 1, "b": 2, "c": 3}
    for n in (1, 2, 3):
        assert f'href="#ref-{n}"' in r.html
    assert ">1</a>, <a" in r.html and ">3</a>]</sup>" in r.html


def test_group_reusing_earlier_numbers_links_the_earlier_entries():
    r = render_markdown("X.[@b] Y.[@a; @b]", KEYS)
    assert numbers(r) == {"b": 1, "a": 2}
    assert [o.anchor for o in r.citations[0].occurrences] == ["cite-1-1", "cite-1-2"]


def test_unknown_key_is_reported_and_never_rendered_as_a_link():
    r = render_markdown("Claim.[@a; @nosuch] More.[@nosuch]", KEYS)
    assert r.unknown_keys == ["nosuch"]
    assert "unknown reference @nosuch" in r.html
    assert "#ref-2" not in r.html
    assert numbers(r) == {"a": 1}


def test_citation_added_by_editors_is_marked_and_labelled():
    r = render_markdown("The text names two studies.[+@a; +@b]", KEYS)
    assert 'class="citation citation-editor"' in r.html
    assert "Citation added by the site's editors" in r.html
    assert "[ed. " in r.html
    assert all(c.added_by_editors for c in r.citations)


def test_editor_citation_in_a_group_with_the_authors_is_marked_on_its_own():
    r = render_markdown("Pain.[@a; +@b]", KEYS)
    assert "citation-editor" not in r.html  # the group is the author's...
    assert '[<a aria-label="Reference 1"' in r.html
    # ...but the editors' number among it is set apart, in sight and for screen readers
    assert '<span class="citation-ed">ed. </span><a aria-label="Reference 2, added by the site\'s editors"' in r.html


def test_citation_number_never_starts_a_line_on_its_own():
    r = render_markdown("Pain.[@a] Studies.[+@b]", KEYS)
    assert r.html.count('<sup class="citation') == 2
    assert r.html.count('">\u2060') == 2  # a word joiner opens each citation


def test_reference_cited_by_author_and_editor_is_not_added_by_editors():
    r = render_markdown("Author.[@a] Note.[+@a]", KEYS)
    assert not r.citations[0].added_by_editors
    assert [o.added_by_editors for o in r.citations[0].occurrences] == [False, True]


def test_citation_inside_code_is_left_alone():
    r = render_markdown("Write `[@a]` to cite.\n\n    [@b]\n", KEYS)
    assert r.citations == []
    assert "<code>[@a]</code>" in r.html


def test_link_whose_text_starts_with_at_stays_a_link():
    r = render_markdown("[@a](https://example.org/)", KEYS)
    assert r.citations == []
    assert '<a href="https://example.org/"' in r.html


def test_email_like_and_bare_at_text_is_not_a_citation():
    r = render_markdown("Mail me@example.org or [@] or [ @a b ]", KEYS)
    assert r.citations == []


def test_headings_get_ids_and_citations_record_their_section():
    r = render_markdown("Intro.[@a]\n\n## Why it works\n\nBecause.[@b]\n", KEYS)
    assert '<h2 id="why-it-works">Why it works</h2>' in r.html
    assert [o.section for c in r.citations for o in c.occurrences] == ["", "why-it-works"]
    assert r.headings == [(2, "why-it-works", "Why it works")]


def test_level_one_heading_in_body_is_demoted_so_the_page_keeps_one_h1():
    r = render_markdown("# Title in body\n\nText.", KEYS)
    assert "<h1" not in r.html
    assert "<h2" in r.html


def test_raw_html_is_shown_as_text_not_run():
    r = render_markdown('<script>alert(1)</script> <img src=x onerror="alert(2)">', KEYS)
    assert "<script" not in r.html and "<img" not in r.html
    assert "&lt;script&gt;" in r.html


def test_javascript_links_lose_their_href():
    r = render_markdown("[click](javascript:alert(1)) ![x](javascript:alert(2))", KEYS)
    assert "javascript:" not in r.html


def test_editor_note_becomes_an_aside_that_says_it_is_this_sites():
    r = render_markdown('Text.\n\n!!! editor-note "Editor\'s note"\n    The paper says rats.[+@a]\n', KEYS)
    assert '<aside aria-label="Note from this site\'s editors" class="editor-note" id="editor-note-1" role="note">' in r.html
    assert '<p class="note-title">Note from this site\'s editors</p>' in r.html
    assert "citation-editor" in r.html
    assert r.notes[0].text == "The paper says rats." and r.notes[0].keys == ["a"]


def test_a_note_with_its_own_title_still_opens_with_whose_it_is():
    r = render_markdown('!!! editor-note about-x "On the dose"\n    Words.\n', KEYS)
    assert '<p class="note-title">Note from this site\'s editors: On the dose</p>' in r.html


def test_warning_callout_has_hidden_important_label():
    r = render_markdown('!!! warning "Do not mix with opioids"\n    Withdrawal.\n', KEYS)
    assert 'class="callout callout-warning"' in r.html
    assert '<span class="visually-hidden">Important: </span>Do not mix with opioids' in r.html


def test_markdown_edge_cases_render():
    body = "* one[@a]\n* two\n\n1. first\n2. second[@b]\n\n> quoted[@c]\n\n| a | b |\n|---|---|\n| 1 | 2[@d] |\n"
    r = render_markdown(body, KEYS)
    assert numbers(r) == {"a": 1, "b": 2, "c": 3, "d": 4}
    for tag in ("<ul>", "<ol>", "<blockquote>", "<table>"):
        assert tag in r.html


def test_empty_body_renders_empty():
    r = render_markdown("", KEYS)
    assert r.html == "" and r.citations == [] and r.unknown_keys == []


def test_cited_keys_prescan_finds_every_key_once_in_order():
    assert cited_keys("x[@b] y[@a; +@b] z[@c]") == ["b", "a", "c"]


def test_backlink_labels_run_a_to_z_then_aa():
    assert [backlink_label(i) for i in (0, 1, 25, 26, 27)] == ["a", "b", "z", "aa", "ab"]


def test_a_heading_may_break_after_a_slash_between_words_and_keeps_its_id_and_text():
    r = render_markdown("## 2. Opioid Agonists/Antagonists\n\n### *Mu/delta* and 1/2 `a/b`\n\nBody and/or text.")
    assert '<h2 id="2-opioid-agonistsantagonists">2. Opioid Agonists/<wbr>Antagonists</h2>' in r.html
    # Between letters only: a fraction, code and the text of paragraphs are left alone.
    assert "<em>Mu/<wbr>delta</em> and 1/2 <code>a/b</code>" in r.html and "and/or text" in r.html
    assert [text for _, _, text in r.headings] == ["2. Opioid Agonists/Antagonists", "Mu/delta and 1/2 a/b"]
