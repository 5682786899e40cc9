"""The shape of the code: dependencies run one way, and modules stay small enough to read."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = [
    "articles",
    "donations",
    "generators",
    "imports",
    "background",
    "syndication",
    "newsroom",
    "bench",
]
MAX_LINES = 400


def modules(package):
    """Every hand-written Python module of `package` (migrations are generated)."""
    return sorted(
        path for path in (ROOT / package).rglob("*.py") if "migrations" not in path.parts
    )


def imported(path):
    """The top-level package of every import in a module, wherever the import stands."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def forbidden_imports(package, forbidden):
    return [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in modules(package)
        for name in imported(path)
        if name.split(".")[0] in forbidden
    ]


def test_the_newsroom_never_imports_fundraising():
    """donations may depend on articles, never the reverse (the article page asks for its
    appeal through donations' template tag)."""
    assert forbidden_imports("articles", {"donations", "generators", "imports"}) == []


def test_the_serving_parts_and_the_fetcher_import_no_app():
    """newsroom.serving serves every app and knows none: models are named by label (the
    task engine is infrastructure: the purge hook runs on it). The fetcher
    (newsroom/safe_fetch.py) serves the importers and knows none of the apps."""
    apps = {"articles", "donations", "generators", "imports"}
    found = [
        line
        for line in forbidden_imports("newsroom", apps)
        if line.startswith(("newsroom/serving/", "newsroom/safe_fetch.py"))
    ]
    assert found == []


def test_the_newsroom_never_imports_the_syndication_api():
    """syndication hears publishing and corrections through signals it connects itself."""
    assert forbidden_imports("articles", {"syndication"}) == []


def test_the_importers_depend_on_the_newsroom_only():
    """The newsroom, and the task engine (infrastructure, like newsroom itself)."""
    assert forbidden_imports("imports", {"donations", "generators", "syndication"}) == []


def test_the_domain_never_imports_the_generators():
    assert forbidden_imports("donations", {"generators"}) == []


def test_the_walk_sees_an_import_inside_a_function(tmp_path, monkeypatch):
    module = tmp_path / "late.py"
    module.write_text("def f():\n    from donations.models import Pledge\n")
    assert list(imported(module)) == ["donations.models"]


@pytest.mark.parametrize("package", APPS)
def test_no_module_is_past_the_length_a_reader_can_hold(package):
    long = {
        str(path.relative_to(ROOT)): lines
        for path in modules(package)
        if (lines := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}
