"""The notes from this site's editors on the passages and claims a search found, so results show them too."""
from articles.models import Article
from pagecache import generation


@generation.remembered
def _notes_by_article():
    """{article id: its notes}, each built once per content generation (an article's notes change only when it is saved)."""
    return {article.pk: article.notes for article in Article.objects.only("pk", "slug", "title", "editor_notes")}


def attach_notes(results):
    """Give each hit standing for an article passage (or a claim drawn from one) the notes on it."""
    hits = [hit for result in results for hit in result.hits if hit.article_id and hit.anchor]
    if not hits:
        return results
    notes = _notes_by_article()
    for hit in hits:
        hit.notes = [note for note in notes.get(hit.article_id, []) if hit.anchor in note.anchors]
    return results
