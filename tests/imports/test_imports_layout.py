"""tests/test_layout.py's rules for the imports app and the fetcher, which its list of apps
does not name: the newsroom never imports this app, this app never imports fundraising
or the generators, the fetcher imports no app, and no module passes 400 lines."""

from tests.test_layout import MAX_LINES, ROOT, forbidden_imports, imported, modules


def test_imports_depends_on_the_newsroom_only():
    assert forbidden_imports("imports", {"donations", "generators", "background"}) == []


def test_the_newsroom_never_imports_the_importer():
    assert forbidden_imports("articles", {"imports"}) == []


def test_the_fetcher_imports_no_app():
    fetcher = ROOT / "newsroom" / "safe_fetch.py"
    apps = {"articles", "donations", "generators", "imports", "background"}
    assert [name for name in imported(fetcher) if name.split(".")[0] in apps] == []


def test_no_module_is_past_the_length_a_reader_can_hold():
    long = {
        str(path.relative_to(ROOT)): lines
        for path in [*modules("imports"), ROOT / "newsroom" / "safe_fetch.py"]
        if (lines := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}
