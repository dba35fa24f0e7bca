"""Where each benchmark leaves its figures, so `make bench` can print them all together at the end."""
import json
import platform
from datetime import datetime, timezone
from pathlib import Path

RESULTS = Path(__file__).resolve().parent.parent / "var" / "bench" / "results"


def machine() -> str:
    import os

    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), platform.processor())
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def save(name: str, figures: list) -> None:
    """figures: [{"figure": str, "value": float, "unit": str, "target": str or None, "met": bool or None}]."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    data = {"when": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "machine": machine(), "figures": figures}
    (RESULTS / f"{name}.json").write_text(json.dumps(data, indent=2))


def line(figure) -> str:
    verdict = "" if figure["met"] is None else ("  MET" if figure["met"] else "  NOT MET")
    target = f"  (target {figure['target']})" if figure["target"] else ""
    value = figure["value"]
    shown = f"{value:,.0f}" if float(value).is_integer() or value >= 100 else f"{value:.2f}"
    return f"{figure['figure']:<58} {shown:>10} {figure['unit']:<12}{target}{verdict}"


def summary() -> int:
    """Print every saved figure; the exit status is 1 if any target is missed."""
    missed = 0
    for path in sorted(RESULTS.glob("*.json")):
        data = json.loads(path.read_text())
        print(f"\n{path.stem}  ({data['when']}; {data['machine']})")
        for figure in data["figures"]:
            print("  " + line(figure))
            missed += figure["met"] is False
    print(f"\n{'Every target met.' if not missed else f'{missed} target(s) NOT met.'}")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(summary())
