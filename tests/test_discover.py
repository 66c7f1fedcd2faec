"""Which files a run lints: include/exclude per configuration, .gitignore files."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from attriblint.config import ConfigError, ConfigFinder
from attriblint.discover import discover

POST = "---\ntitle: A post\n---\nSome words.\n"


def make(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def linted(paths, root: Path, finder=None) -> list[str]:
    targets, _ = discover([str(p) for p in paths], finder or ConfigFinder())
    return sorted(Path(t.path).resolve().relative_to(root.resolve()).as_posix() for t in targets)


@pytest.fixture
def hugo(tmp_path):
    """A Hugo blog: posts keep their source in original_link; public/ is built and ignored."""
    (tmp_path / ".git" / "info").mkdir(parents=True)
    return make(tmp_path, {
        "hugo.toml": 'baseURL = "https://jane.example/"\n',
        ".gitignore": "public/\n/resources/_gen/\n*.draft.md\n",
        "content/posts/first.md": "---\ntitle: First\noriginal_link: https://example.org/a\n---\n",
        "content/posts/second.md": POST,
        "content/posts/wip.draft.md": POST,
        "content/about.md": POST,
        "public/posts/first/index.html": "<html><body>First</body></html>\n",
        "public/index.html": "<html></html>\n",
        "resources/_gen/x.html": "<html></html>\n",
        "README.md": "# Jane's blog\n",
        "layouts/partials/head.html": "<head></head>\n",
    })


def test_gitignored_build_folders_are_not_linted(hugo):
    assert linted([hugo], hugo) == ["README.md", "content/about.md", "content/posts/first.md",
                                    "content/posts/second.md", "layouts/partials/head.html"]


def test_gitignore_false_lints_them(hugo):
    make(hugo, {".attriblint.yaml": "gitignore: false\n"})
    assert "public/index.html" in linted([hugo], hugo)
    assert "content/posts/wip.draft.md" in linted([hugo], hugo)


def test_include_and_exclude_are_relative_to_the_config(hugo, monkeypatch):
    make(hugo, {".attriblint.yaml": 'include: ["content/**"]\nexclude: ["about.md"]\n'})
    monkeypatch.chdir(hugo / "content")  # globs do not depend on where attriblint runs
    assert linted(["."], hugo) == ["content/posts/first.md", "content/posts/second.md"]
    assert linted([hugo], hugo) == ["content/posts/first.md", "content/posts/second.md"]


def test_named_files_are_still_excluded_as_pre_commit_names_them(hugo):
    make(hugo, {".attriblint.yaml":
                'include: ["content/**"]\nexclude: ["content/posts/second.md"]\n'})
    named = [hugo / "README.md", hugo / "content/posts/first.md", hugo / "content/posts/second.md"]
    assert linted(named, hugo) == ["content/posts/first.md"]


def test_named_files_are_not_filtered_by_gitignore(hugo):
    """pre-commit names tracked files only; one named on purpose is linted."""
    assert linted([hugo / "public/index.html"], hugo) == ["public/index.html"]


def test_an_excluded_folder_is_not_entered(hugo, monkeypatch):
    make(hugo, {".attriblint.yaml": "exclude: [layouts/]\n"})
    entered = []
    real_scandir = os.scandir

    def scandir(path="."):
        entered.append(os.path.basename(os.fspath(path)))
        return real_scandir(path)
    monkeypatch.setattr(os, "scandir", scandir)
    assert "layouts/partials/head.html" not in linted([hugo], hugo)
    assert "layouts" not in entered and "public" not in entered and "partials" not in entered


def test_a_gitignored_folder_named_on_the_command_line_is_walked(hugo):
    assert linted([hugo / "public"], hugo) == ["public/index.html", "public/posts/first/index.html"]


def test_gitignore_files_of_parent_folders_count_up_to_the_repository(hugo):
    make(hugo, {"content/.gitignore": "about.md\n"})
    assert linted([hugo / "content"], hugo) == ["content/posts/first.md", "content/posts/second.md"]
    assert linted([hugo / "content/posts"], hugo) == ["content/posts/first.md",
                                                      "content/posts/second.md"]


def test_a_deeper_gitignore_can_re_include_and_info_exclude_counts(hugo):
    make(hugo, {"content/posts/.gitignore": "!wip.draft.md\n",
                ".git/info/exclude": "README.md\n"})
    got = linted([hugo], hugo)
    assert "content/posts/wip.draft.md" in got and "README.md" not in got


def test_gitignore_outside_the_repository_is_not_read(tmp_path):
    make(tmp_path, {".gitignore": "*.md\n", "repo/.git/HEAD": "", "repo/post.md": POST})
    assert linted([tmp_path / "repo"], tmp_path) == ["repo/post.md"]


def test_a_nested_config_wins_for_its_files(hugo):
    make(hugo, {".attriblint.yaml": "exclude: [second.md]\n",
                "content/posts/.attriblint.yaml": "exclude: [first.md]\n"})
    got = linted([hugo], hugo)
    assert "content/posts/second.md" in got and "content/posts/first.md" not in got


def test_a_forced_config_applies_its_globs_from_its_own_folder(hugo, tmp_path_factory):
    ci = tmp_path_factory.mktemp("ci")
    forced = make(ci, {"lint.yaml": 'include: ["*.md"]\n'}) / "lint.yaml"
    make(hugo, {".attriblint.yaml": "exclude: [content/]\n"})  # not read
    inside = make(ci, {"extra.md": POST, "notes/more.md": POST})
    assert linted([hugo, inside], hugo.parent, ConfigFinder(forced)) == [
        f"{ci.name}/extra.md", f"{ci.name}/notes/more.md",  # *.md matches at any depth
        *(f"{hugo.name}/{p}" for p in ["README.md", "content/about.md", "content/posts/first.md",
                                       "content/posts/second.md",
                                       "layouts/partials/head.html"])]  # outside: no globs


def test_a_broken_config_stops_discovery(hugo):
    make(hugo, {".attriblint.yaml": "exlude: [public/]\n"})
    with pytest.raises(ConfigError, match=r"\.attriblint\.yaml:1:1: unknown key 'exlude'"):
        discover([str(hugo)], ConfigFinder())


def test_jekyll_site_folder_in_gitignore(tmp_path):
    (tmp_path / ".git").mkdir()
    make(tmp_path, {"_config.yml": "title: Blog\n", ".gitignore": "_site\n.jekyll-cache\n",
                    "_posts/2024-06-18-post.md": POST, "_site/2024/06/18/post.html": "<p></p>\n",
                    "index.html": "<p></p>\n"})
    assert linted([tmp_path], tmp_path) == ["_posts/2024-06-18-post.md", "index.html"]


def test_the_repository_gitignore_wins_over_info_exclude(hugo):
    make(hugo, {".git/info/exclude": "README.md\nabout.md\n", ".gitignore": "!README.md\n"})
    got = linted([hugo], hugo)
    assert "README.md" in got and "content/about.md" not in got


def test_discover_does_not_import_pathspec_without_patterns(tmp_path):
    """pathspec costs tens of milliseconds to import: only when there is something to match."""
    make(tmp_path, {".attriblint.yaml": "site: {name: Blog}\n", "post.md": POST,
                    "sub/post.md": POST, "notes.txt": "x\n"})
    code = ("import sys; from attriblint.discover import discover; "
            f"print(len(discover([{str(tmp_path)!r}])[0]), 'pathspec' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.split() == ["3", "False"]


def test_a_named_file_below_a_folder_an_outer_config_excludes_is_excluded(hugo):
    """pre-commit (files named) and CI (the blog walked) check the same files,
    even when the excluded folder has a configuration of its own."""
    make(hugo, {".attriblint.yaml": 'exclude: ["content/posts/"]\n',
                "content/posts/.attriblint.yaml": "site:\n  authors: [Jane]\n"})
    walked = linted([hugo], hugo)
    assert "content/posts/first.md" not in walked
    named = linted([hugo / "content/posts/first.md", hugo / "content/about.md"], hugo)
    assert named == ["content/about.md"]


def test_gitignore_lines_git_cannot_use_are_skipped(hugo):
    make(hugo, {".gitignore": "public/\n!\n[z-a]\n*.draft.md\n"})
    walked = linted([hugo], hugo)
    assert not any(path.startswith("public/") or "draft" in path for path in walked)


def test_very_many_patterns_still_match(hugo):
    """pathspec's re2 backend refuses so many patterns in one set."""
    lines = [f"content/**/very-long-folder-name-{n}/**/*.md" for n in range(1000)]
    make(hugo, {".gitignore": "\n".join(lines + ["public/", "*.draft.md"]) + "\n"})
    assert linted([hugo], hugo) == ["README.md", "content/about.md", "content/posts/first.md",
                                    "content/posts/second.md", "layouts/partials/head.html",
                                    "resources/_gen/x.html"]


def test_a_gitignore_with_a_byte_order_mark_is_honoured(hugo):
    (hugo / ".gitignore").write_bytes(b"\xef\xbb\xbfpublic/\n")
    assert not any(path.startswith("public/") for path in linted([hugo], hugo))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_named_gitignore_does_not_hang_the_walk(hugo):
    (hugo / ".gitignore").unlink()
    os.mkfifo(hugo / ".gitignore")
    assert "public/index.html" in linted([hugo], hugo)  # nothing to honour


@pytest.mark.parametrize("text, where", [
    ('exclude: ["public/", "!"]\n', "1:22: exclude[1]: not a valid glob"),
    ('include: ["[z-a]"]\n', "1:11: include[0]: not a valid glob (bad character range z-a)"),
    ('per-path-ignores:\n  "[z-a]": [AL101]\n', "2:3: per-path-ignores.[z-a]: not a valid glob"),
])
def test_a_glob_that_cannot_match_is_a_config_error(hugo, text, where):
    make(hugo, {".attriblint.yaml": text})
    with pytest.raises(ConfigError) as error:
        linted([hugo], hugo)
    assert str(error.value).startswith(f"{hugo / '.attriblint.yaml'}:{where}")
