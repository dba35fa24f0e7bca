"""The site's own content, loaded app by app in the order each needs the one before."""
from articles.seed import load_seed_content
from compare.seed import load_comparisons
from editing.first_revisions import record_first_revisions
from glossary.seed import load_terms
from questions.seed import load_questions
from search.seed import index_questions, index_references_again, load_thesaurus


def load_site_content():
    """Add every seed entry that is missing and never touch existing rows; returns a message per part.

    Articles and references first (the rest cites or points at them); last, every entry loaded
    without a revision gets its first one, so History starts at the seed.
    """
    refs, articles = load_seed_content()
    messages = [f"Content: {refs} reference(s) and {articles} article(s) added."]
    messages += [load_terms(), load_comparisons(), load_questions(), load_thesaurus(), index_questions(), index_references_again()]
    messages.append(f"History: {record_first_revisions()} first version(s) recorded.")
    return messages
