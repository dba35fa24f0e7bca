"""The notes from this site's editors on the article passages a search found, so results show them too."""
from articles.models import Article


def attach_notes(results):
    """Give each article result the notes on its passage (its address's #anchor); one query in all."""
    ids = {result.article_id for result in results if result.article_id}
    if not ids:
        return results
    articles = Article.objects.only("pk", "slug", "title", "editor_notes").in_bulk(ids)
    for result in results:
        article = articles.get(result.article_id)
        if article is not None:
            result.notes = article.notes_for(result.url.partition("#")[2])
    return results
