"""(d) The worst of a corpus of pathological Markdown bodies (issue 14's and our own), through the live preview.

Each body goes through `articles.preview.markdownify`, the code the editor's preview and (through
`render_body`) every save run: the limits, the renderer under its time budget, the HTML filters.
Each is timed three times; its slowest run counts. Target: every body answered (rendered or
refused with a message) in under 1 s. Run with `make bench` (seed content, production-like settings).
"""
import os
import sys
import time

import django

TARGET_SECONDS = 1.0
RUNS = 3


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ldn_site.settings")
    django.setup()
    from articles.preview import markdownify
    from benchmarks import results
    from tests.pathological_bodies import ALL_BODIES

    print(f"(d) Pathological bodies through the live preview, slowest of {RUNS} runs (s)")
    figures, worst = [], (0.0, "")
    for name, body, _ in ALL_BODIES:
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            html = markdownify(body)
            times.append(time.perf_counter() - start)
        outcome = "refused" if "preview-problems" in html else "rendered"
        slowest = max(times)
        worst = max(worst, (slowest, name))
        print(f"  {name:<52} {len(body):>8,} chars  {slowest:6.3f} s  {outcome}")
        figures.append({"figure": f"{name} ({outcome})", "value": slowest, "unit": "s", "target": None, "met": None})
    met = worst[0] < TARGET_SECONDS
    print(f"  Worst: {worst[1]}, {worst[0]:.3f} s (target < {TARGET_SECONDS:g} s): {'MET' if met else 'NOT MET'};"
          f" load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    figures.append({"figure": "worst pathological body", "value": worst[0], "unit": "s",
                    "target": f"< {TARGET_SECONDS:g} s", "met": met})
    results.save("d-pathological", figures)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
