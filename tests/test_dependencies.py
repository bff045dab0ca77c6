"""pyproject.toml declares what the code imports, and nothing it does not import: every third-party module
imported under assistant/ is a dependency (or, for the optional sentence-transformers backend, in the
`st` extra), every dependency is imported by the package, and each extra is imported by what it serves
(`test` by tests/, `bench` by bench/, `fit` by the fitting scripts in scripts/). Import names are mapped to distributions through the installed
metadata (importlib.metadata.packages_distributions), so this runs where every extra is installed, as
`bash scripts/test.sh` does."""
from __future__ import annotations

import ast
import re
import sys
import tomllib
from functools import cache
from importlib.metadata import packages_distributions

from tests.helpers import ROOT

# Declared but never imported by name, each for a reason.
NOT_IMPORTED = {
    "sudachidict-core": "the dictionary SudachiPy loads by name: Dictionary(dict='core')",
    "torch": "pinned in the st extra to the CPU build, which sentence-transformers then imports",
    "pytest-timeout": "a pytest plugin, used through `timeout` in [tool.pytest.ini_options]",
    "pytest-xdist": "a pytest plugin: scripts/test.sh runs the suite on two workers (-n)",
    "ruff": "the linter scripts/test.sh runs ([tool.ruff] in pyproject.toml)",
    "mypy": "the type checker scripts/test.sh runs over assistant/ ([tool.mypy] in pyproject.toml)",
    "rank-bm25": "what langchain-community's BM25Retriever imports (bench/naive.py)",
    "jamdict-data": "the JMdict database jamdict opens by itself (assistant/text/english.py)",
    "tzdata": "the zone database zoneinfo falls back to where the system has none (assistant/text/japan_time.py)",
}
# Imported, but folders of this project rather than distributions (`python -m assistant bench` runs the
# bench/ folder of a checkout; tests import their helpers and the fitting scripts they test), and the
# scripts' modules, which a script run from scripts/ imports by name.
PROJECT = {"assistant", "bench", "tests", "scripts"} | {p.stem for p in (ROOT / "scripts").glob("*.py")}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@cache
def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def declared(group: str | None = None) -> set[str]:
    """The distributions of the dependencies (`group` None) or of one extra."""
    project = pyproject()["project"]
    reqs = project["dependencies"] if group is None else project["optional-dependencies"][group]
    return {canonical(re.match(r"[A-Za-z0-9._-]+", r).group()) for r in reqs}


def imported_modules(*paths: str) -> dict[str, set[str]]:
    """Top-level module -> the files importing it (absolute imports of every .py file under `paths`)."""
    out: dict[str, set[str]] = {}
    for top in paths:
        files = [ROOT / top] if top.endswith(".py") else sorted((ROOT / top).rglob("*.py"))
        for path in files:
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                    [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module else []
                for name in names:
                    out.setdefault(name.split(".")[0], set()).add(str(path.relative_to(ROOT)))
    return out


def third_party(*paths: str) -> dict[str, tuple[set[str], set[str]]]:
    """Module -> (the installed distributions providing it, the files importing it), for every import
    that is neither the standard library nor this project."""
    dists = {m: {canonical(d) for d in ds} for m, ds in packages_distributions().items()}
    return {module: (dists.get(module, set()), files) for module, files in imported_modules(*paths).items()
            if module not in sys.stdlib_module_names and module not in PROJECT}


def used(modules: dict) -> set[str]:
    return set().union(*(d for d, _ in modules.values()))


def unprovided(modules: dict) -> dict[str, list[str]]:
    return {m: sorted(files) for m, (d, files) in modules.items() if not d}


def undeclared(modules: dict, allowed: set[str]) -> dict[str, list[str]]:
    """Modules none of whose distributions is allowed, with the files importing them."""
    return {m: sorted(files) for m, (d, files) in modules.items() if d and not d & allowed}


def test_the_package_imports_only_what_it_declares():
    modules = third_party("assistant", "app.py")
    assert not unprovided(modules), f"imported, but no installed distribution provides it: {unprovided(modules)}"
    missing = undeclared(modules, declared() | declared("st"))
    assert not missing, f"imported by the package but not in pyproject.toml's dependencies: {missing}"


def test_every_dependency_is_imported_by_the_package():
    imports = used(third_party("assistant", "app.py"))
    for group in (None, "st"):
        unused = declared(group) - imports - set(NOT_IMPORTED)
        assert not unused, f"declared in {group or 'dependencies'} but imported nowhere in assistant/: {unused}"


def test_each_extra_is_imported_by_what_it_serves_and_declares_what_that_imports():
    package = declared() | declared("st")
    for group, folder in (("test", "tests"), ("bench", "bench"), ("fit", "scripts")):
        modules = third_party(folder)
        assert not unprovided(modules), f"{folder}/ imports what no installed distribution provides: " \
            f"{unprovided(modules)}"
        unused = declared(group) - used(modules) - set(NOT_IMPORTED)
        assert not unused, f"declared in the {group} extra but imported nowhere in {folder}/: {unused}"
        # tests exercise every backend, the benchmark and the fitting scripts, so they may import what any
        # extra declares
        allowed = package | declared(group) | (declared("bench") | declared("fit") if folder == "tests" else set())
        missing = undeclared(modules, allowed)
        assert not missing, f"imported in {folder}/ but declared neither for the package nor in {group}: {missing}"


def test_the_exceptions_above_are_still_declared():
    everything = declared().union(*(declared(g) for g in pyproject()["project"]["optional-dependencies"]))
    assert set(NOT_IMPORTED) <= everything  # a reason for something no longer declared is stale
