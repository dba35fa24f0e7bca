"""One-way stairs: every package imports only packages on lower floors (the README's list), and content is self-contained."""
import ast
import importlib
import importlib.util
import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
DOTTED = re.compile(r"[a-z_][a-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+")


def project_packages():
    """Every top-level package of the project (apps, the project package, core, benchmarks...), tests left out."""
    return sorted(p.parent.name for p in ROOT.glob("*/__init__.py") if p.parent.name != "tests")


def floors():
    """[{package, ...}, ...] top to bottom, as the README's "One-way stairs" list gives them."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("<!-- floors:", 1)[1].split("<!-- /floors -->", 1)[0]
    lines = [line for line in block.split("```")[1].splitlines() if line.strip()]
    return [{name.strip() for name in re.split(r"\s{2,}", line.strip())[0].split(",")} for line in lines]


def floor_of():
    return {package: level for level, names in enumerate(floors()) for package in names}


def names_code(dotted: str) -> bool:
    """Whether a string such as "articles.preview.markdownify" names a module of the project or something in one."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        module = ".".join(parts[:cut])
        try:
            found = importlib.util.find_spec(module)
        except (ImportError, ValueError):
            found = None
        if found is None:
            continue
        if cut == len(parts):
            return True
        try:
            return hasattr(importlib.import_module(module), parts[cut])
        except Exception:
            return False
    return False


def code_named_by(value, packages):
    """The dotted paths into `packages` held by a value (a string, or lists, sets and dicts of them)."""
    if isinstance(value, str):
        value = str(value)  # settings may hold lazy strings
        return [value] if DOTTED.fullmatch(value) and value.split(".")[0] in packages and names_code(value) else []
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [found for item in value for found in code_named_by(item, packages)]
    return []


def settings_naming_code(packages):
    """{SETTING: [dotted paths]} for every setting that names code of the project (a plugin registry, a middleware...)."""
    named = {}
    for name in dir(settings):
        if name.isupper():
            found = code_named_by(getattr(settings, name), packages)
            if found:
                named[name] = found
    return named


def settings_read(tree):
    """Names of the settings a module reads: settings.NAME or getattr(settings, "NAME", ...)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "settings":
            yield node.attr
        elif (
            isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr"
            and len(node.args) >= 2 and isinstance(node.args[0], ast.Name) and node.args[0].id == "settings"
            and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str)
        ):
            yield node.args[1].value


def dependencies(path, packages, registries):
    """[(what the module uses, how)] for one module: imports anywhere in it, dotted paths in its strings,
    and the code named by the settings it reads."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((alias.name, "import") for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, "import"
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield from ((found, "string") for found in code_named_by(node.value, packages))
    for name in settings_read(tree):
        yield from ((found, f"settings.{name}") for found in registries.get(name, []))


@pytest.fixture(scope="module")
def graph():
    """{(importer, imported): ["file uses module (how)", ...]} between the project's packages."""
    packages = set(project_packages())
    registries = settings_naming_code(packages)
    edges = {}
    for package in sorted(packages):
        for path in sorted((ROOT / package).rglob("*.py")):
            for module, how in dependencies(path, packages, registries):
                target = module.split(".")[0]
                if target in packages and target != package:
                    edges.setdefault((package, target), []).append(f"{path.relative_to(ROOT)} uses {module} ({how})")
    return edges


def test_every_package_stands_on_one_floor_of_the_readme():
    placed = [package for names in floors() for package in names]
    assert len(placed) == len(set(placed)), "a package is on two floors"
    assert sorted(placed) == project_packages()


def test_every_import_goes_down_the_stairs(graph):
    assert {("ldn_site", "articles"), ("articles", "references"), ("references", "editing"), ("editing", "autosave"), ("articles", "core")} <= set(graph)
    level = floor_of()
    upward = [
        f"{use} goes from floor {level[importer]} to floor {level[imported]}"
        for (importer, imported), uses in sorted(graph.items())
        if level[imported] <= level[importer]
        for use in uses
    ]
    assert upward == []


def test_no_two_packages_import_each_other_even_through_others(graph):
    links = {}
    for importer, imported in graph:
        links.setdefault(importer, set()).add(imported)

    def reaches(start, goal, seen=()):
        return any(step == goal or (step not in seen and reaches(step, goal, (*seen, step))) for step in links.get(start, ()))

    assert [package for package in project_packages() if reaches(package, package)] == []


def test_no_setting_but_installed_apps_lists_the_projects_packages():
    """A list of apps in a setting is a registry that hides who depends on whom: apps declare themselves
    from their AppConfig.ready() instead (pagecache.signals.watch, articles.body.add_html_filter)."""
    packages = set(project_packages())

    def names_a_package(value):
        if isinstance(value, dict):
            value = [*value.keys(), *value.values()]
        if isinstance(value, (list, tuple, set, frozenset)):
            return any(names_a_package(item) for item in value)
        return isinstance(value, str) and str(value) in packages

    assert [name for name in dir(settings) if name.isupper() and name != "INSTALLED_APPS" and names_a_package(getattr(settings, name))] == []


def test_settings_strings_and_function_local_imports_count(tmp_path):
    """What the stairs check sees: an import inside a function, and a setting naming code that a module reads."""
    module = tmp_path / "module.py"
    module.write_text(
        "from django.conf import settings\n\n"
        "def late():\n    from glossary import linking\n\n"
        "def hooks():\n    return getattr(settings, 'MARKDOWNX_MARKDOWNIFY_FUNCTION')\n"
    )
    packages = set(project_packages())
    found = set(dependencies(module, packages, settings_naming_code(packages)))
    assert ("glossary", "import") in found
    assert ("articles.preview.markdownify", "settings.MARKDOWNX_MARKDOWNIFY_FUNCTION") in found


def test_the_project_never_reads_the_shared_folder_at_run_time():
    code = [ROOT / "manage.py"] + [p for app in project_packages() for p in (ROOT / app).rglob("*.py")]
    assert code, "no project code found"
    offenders = [str(p.relative_to(ROOT)) for p in code if "source-articles" in p.read_text(encoding="utf-8") or "../shared" in p.read_text(encoding="utf-8")]
    assert offenders == []
