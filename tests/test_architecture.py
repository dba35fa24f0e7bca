"""One-way app boundaries and self-contained content."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_references_app_never_imports_articles():
    offenders = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in (ROOT / "references").rglob("*.py")
        for module in imported_modules(path)
        if module == "articles" or module.startswith("articles.")
    ]
    assert offenders == []


def project_packages():
    """Every top-level package of the project (apps, the project package, core), tests left out."""
    return sorted(p.parent.name for p in ROOT.glob("*/__init__.py") if p.parent.name != "tests")


def test_core_imports_no_other_package_of_the_project():
    others = set(project_packages()) - {"core"}
    assert "articles" in others and "ldn_site" in others
    offenders = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in (ROOT / "core").rglob("*.py")
        for module in imported_modules(path)
        if module.split(".")[0] in others
    ]
    assert offenders == []


def test_the_project_never_reads_the_shared_folder_at_run_time():
    code = [ROOT / "manage.py"] + [p for app in ("ldn_site", "articles", "references") for p in (ROOT / app).rglob("*.py")]
    assert code, "no project code found"
    offenders = [str(p.relative_to(ROOT)) for p in code if "source-articles" in p.read_text(encoding="utf-8") or "../shared" in p.read_text(encoding="utf-8")]
    assert offenders == []
