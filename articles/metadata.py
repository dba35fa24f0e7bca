"""What search engines and link previews read about an article: schema.org JSON-LD.

Pure: the view passes in absolute URLs, so nothing here needs a request.
"""
import json

from django.conf import settings
from django.utils.safestring import mark_safe

from references.formatting import web_address
from references.schema import readable_authors

# Inside <script>, "</script>" or "<!--" in an editor's title would end the block or
# start a comment; JSON's \u escapes keep the same data without those characters.
_SCRIPT_SAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def absolute(path: str) -> str:
    """`path` (starting with /) as a full address on this site: SITE_URL in front, never the request's Host."""
    return settings.SITE_URL + path


def ld_json_script(data) -> str:
    """A <script type="application/ld+json"> element holding `data`, safe whatever text it contains."""
    # Compact: without indent json uses its C encoder, several times faster on every page render.
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')


def _person_or_org(name):
    if name.get("literal"):
        return {"@type": "Organization", "name": name["literal"]}
    return {"@type": "Person", "familyName": name["family"], "name": " ".join(
        part for part in [name.get("given", ""), name["family"]] if part
    )}


def cited_work(reference) -> dict:
    """A reference as a schema.org ScholarlyArticle / Book / WebPage."""
    types = {"article-journal": "ScholarlyArticle", "book": "Book", "chapter": "Chapter", "webpage": "WebPage"}
    work = {"@type": types.get(reference.kind, "CreativeWork"), "name": reference.title}
    if readable_authors(reference.authors):
        work["author"] = [_person_or_org(name) for name in readable_authors(reference.authors)]
    if reference.year:
        work["datePublished"] = str(reference.year)
    if reference.container_title:
        work["isPartOf"] = {"@type": "Periodical" if reference.kind == "article-journal" else "CreativeWork",
                            "name": reference.container_title}
    if reference.doi:
        work["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": reference.doi}
        work["url"] = reference.doi_url
    elif web_address(reference.url):
        work["url"] = web_address(reference.url)
    return work


def medical_webpage(*, article, citations, page_url, site_name, site_url) -> dict:
    """schema.org MedicalWebPage for an article: only facts the site knows, nothing guessed."""
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "@id": page_url,
        "url": page_url,
        "name": article.title,
        "headline": article.title,
        "description": article.summary,
        "inLanguage": "en",
        "audience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "about": {"@type": "Drug", "name": "Naltrexone"},
        "publisher": {"@type": "Organization", "name": site_name, "url": site_url},
        "dateModified": article.updated.isoformat(),
    }
    if article.author:
        author = {"@type": "Person", "name": article.author}
        if article.author_credentials:
            author["honorificSuffix"] = article.author_credentials
        data["author"] = author
    if article.published_on:
        data["datePublished"] = article.published_on.isoformat()
    if article.publisher or article.source_url:
        original = {"@type": "CreativeWork"}
        # A title the site's editors wrote is not the original's: the original had none.
        if not article.title_by_editors:
            original["name"] = article.title
        if article.publisher:
            original["publisher"] = {"@type": "Organization", "name": article.publisher}
            if web_address(article.publisher_url):
                original["publisher"]["url"] = web_address(article.publisher_url)
        if web_address(article.source_url):
            original["url"] = web_address(article.source_url)
        data["isBasedOn"] = original
    # Review fields come from the editorial-review feature when it is installed.
    last_reviewed = getattr(article, "last_reviewed", None)
    if last_reviewed:
        data["lastReviewed"] = last_reviewed.isoformat()
    reviewed_by = getattr(article, "reviewed_by", None)
    if reviewed_by:
        name = reviewed_by.get_full_name() if hasattr(reviewed_by, "get_full_name") else ""
        data["reviewedBy"] = {"@type": "Person", "name": name or str(reviewed_by)}
    if citations:
        data["citation"] = [cited_work(citation.reference) for citation in citations]
    return data
