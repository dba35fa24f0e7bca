"""The notes from this site's editors on the passages and claims a search found, so results show them too."""
from articles.models import Article


def attach_notes(results):
    """Give each hit standing for an article passage (or a claim drawn from one) the notes on it; one query in all."""
    hits = [hit for result in results for hit in result.hits if hit.article_id and hit.anchor]
    if not hits:
        return results
    articles = Article.objects.only("pk", "slug", "title", "editor_notes").in_bulk({hit.article_id for hit in hits})
    notes = {pk: article.notes for pk, article in articles.items()}  # each article's notes built once, not per hit
    for hit in hits:
        hit.notes = [note for note in notes.get(hit.article_id, []) if hit.anchor in note.anchors]
    return results
