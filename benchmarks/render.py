"""(a) In-process render time (median of N) and SQL queries for one page of each public kind, uncached and cached.

Uncached: the page-cache generation is bumped before each request, so the view renders and the
page is stored (the real miss path). Cached: the same request again, answered from the cache.
Run with `make bench` (a database with the seed content, production-like settings).
"""
import os
import statistics
import sys
import time

import django

N = int(os.environ.get("BENCH_N", 50))
TARGET_UNCACHED_ARTICLE_MS = 15.0


def pages():
    from django.urls import reverse

    from articles.models import Article
    from compare.models import Condition
    from references.models import Reference

    articles = [a.get_absolute_url() for a in Article.objects.published().order_by("order")]
    reference = Reference.objects.order_by("key").first()
    condition = Condition.objects.order_by("slug").first()
    return articles + [
        reverse("home"), reverse("references:list"), reference.get_absolute_url(), reverse("glossary:list"),
        reverse("compare:sources"), reverse("compare:conditions"), condition.get_absolute_url(),
        reverse("search:search") + "?q=dose", reverse("feed"), reverse("sitemap"),
        reverse("references:list-export", args=["bib"]),
    ]


def timed(client, url, before=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], 0
    for _ in range(N):
        if before:
            before()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url, secure=True)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    return statistics.median(times), queries


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ldn_site.settings")
    django.setup()
    from django.test import Client

    from benchmarks import results
    from pagecache import generation

    client = Client(HTTP_ACCEPT_ENCODING="gzip")
    print(f"(a) In-process render, median of {N} requests (ms) and SQL queries per request")
    print(f"  {'page':<44} {'uncached':>9} {'queries':>8} {'cached':>9} {'queries':>8}")
    figures = []
    for url in pages():
        client.get(url, secure=True)  # warm imports and template loaders
        uncached, uncached_queries = timed(client, url, before=generation.bump)
        client.get(url, secure=True)
        cached, cached_queries = timed(client, url)
        note = "  (search: never cached)" if "?" in url else ""
        print(f"  {url:<44} {uncached:>9.2f} {uncached_queries:>8} {cached:>9.3f} {cached_queries:>8}{note}")
        is_article = url.startswith("/articles/")
        figures.append({"figure": f"render uncached {url}", "value": uncached, "unit": "ms",
                        "target": f"<= {TARGET_UNCACHED_ARTICLE_MS:g} ms" if is_article else None,
                        "met": uncached <= TARGET_UNCACHED_ARTICLE_MS if is_article else None})
        figures.append({"figure": "  queries uncached / second request", "value": uncached_queries, "unit": f"/ {cached_queries}",
                        "target": None, "met": None})
        figures.append({"figure": "  second request" + (" (search: never cached)" if "?" in url else " (cached)"), "value": cached, "unit": "ms", "target": None, "met": None})
    worst = max(f["value"] for f in figures if f["figure"].startswith("render uncached /articles/"))
    verdict = "MET" if worst <= TARGET_UNCACHED_ARTICLE_MS else "NOT MET"
    print(f"  Slowest uncached article: {worst:.2f} ms (target <= {TARGET_UNCACHED_ARTICLE_MS:g} ms): {verdict}")
    results.save("a-render", figures)


if __name__ == "__main__":
    sys.exit(main())
