"""(c) Lighthouse mobile scores for an article under `make serve`: performance, accessibility, best practices, SEO.

npm `lighthouse` (pinned in package.json) drives Debian's Chromium (CHROME_PATH). The page is local;
any request Lighthouse sees to another origin is listed, since the site must make none.
"""
import json
import os
import subprocess
import sys
from urllib.parse import urlsplit

from benchmarks import results
from benchmarks.proxy import proxying
from benchmarks.server import ROOT, VAR, serving

ARTICLE = "/articles/naltrexone-for-analgesia/"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGET = 100


def main():
    port = int(os.environ.get("BENCH_PORT", 8301)) + 2  # and the next one for the proxy
    report = VAR / "lighthouse.json"
    # Through a stand-in for the TLS proxy: Lighthouse fetches robots.txt itself, without extra headers.
    with serving(port) as upstream, proxying(port + 1, int(upstream.rsplit(":", 1)[1])) as base:
        subprocess.run([
            str(ROOT / "node_modules" / ".bin" / "lighthouse"), base + ARTICLE,
            "--form-factor=mobile", "--screenEmulation.mobile", f"--only-categories={','.join(CATEGORIES)}",
            "--output=json", f"--output-path={report}", "--quiet",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking "
            "--disable-component-update --disable-sync",
        ], env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}, check=True, timeout=300)
    data = json.loads(report.read_text())
    print(f"(c) Lighthouse {data['lighthouseVersion']}, mobile, {ARTICLE}")
    figures = []
    for name in CATEGORIES:
        category = data["categories"][name]
        score = round((category["score"] or 0) * 100)
        print(f"  {category['title']:<16} {score:>3} (target {TARGET}): {'MET' if score >= TARGET else 'NOT MET'}")
        figures.append({"figure": f"Lighthouse mobile {category['title']}", "value": score, "unit": "/ 100",
                        "target": f"{TARGET}", "met": score >= TARGET})
        for ref in category["auditRefs"]:
            audit = data["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                print(f"    - {audit['title']} ({audit.get('displayValue', '')})")
    for metric in ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index"]:
        audit = data["audits"][metric]
        print(f"    {audit['title']}: {audit.get('displayValue', '')}")
    requests = data["audits"].get("network-requests", {}).get("details", {}).get("items", [])
    here = urlsplit(data["finalDisplayedUrl"]).netloc
    elsewhere = sorted({r["url"] for r in requests if urlsplit(r["url"]).netloc not in (here, "")})
    print(f"  Requests: {len(requests)}, to other origins: {len(elsewhere)}" + "".join(f"\n    {url}" for url in elsewhere))
    figures.append({"figure": "Lighthouse: requests to other origins", "value": len(elsewhere), "unit": "",
                    "target": "0", "met": not elsewhere})
    results.save("c-lighthouse", figures)


if __name__ == "__main__":
    sys.exit(main())
