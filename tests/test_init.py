"""attriblint init: the site generator is recognised, the starter config works."""

from pathlib import Path

import pytest

from attriblint.config import ConfigFinder, load_config
from attriblint.discover import discover
from attriblint.init import GENERATORS, InitError, detect_generator, starter_config, write_starter

POST = "---\ntitle: A post\n---\nSome words.\n"


def make(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


SITES = {
    "jekyll": {"_config.yml": "title: Blog\n", "_posts/2024-01-01-a.md": POST,
               "_site/2024/01/01/a.html": "<p></p>\n"},
    "jekyll-posts-only": {"_posts/2024-01-01-a.md": POST},
    "hugo": {"hugo.toml": 'baseURL = "https://jane.example/"\n',
             "content/posts/a.md": POST, "public/posts/a/index.html": "<p></p>\n"},
    "hugo-old-config": {"config.toml": 'baseURL = "https://jane.example/"\ntitle = "x"\n',
                        "content/posts/a.md": POST},
    "hugo-archetypes": {"archetypes/default.md": POST, "content/a.md": POST},
    "eleventy": {"eleventy.config.mjs": "export default function () {}\n",
                 "posts/a.md": POST, "_site/posts/a/index.html": "<p></p>\n"},
    "eleventy-dotfile": {".eleventy.js": "module.exports = {}\n", "posts/a.md": POST},
    "astro": {"astro.config.mjs": "export default {}\n", "src/content/blog/a.md": POST,
              "dist/blog/a/index.html": "<p></p>\n"},
    "hugo-config-folder": {"config/_default/hugo.toml": 'title = "x"\n', "content/a.md": POST},
    "hugo-config-yaml": {"config.yaml": "baseURL: https://jane.example/\n", "content/a.md": POST},
    "astro-mts": {"astro.config.mts": "export default {}\n", "src/pages/posts/a.md": POST},
    "jekyll-templates": {"_config.yml": "title: Blog\n", "_posts/2024-01-01-a.md": POST,
                         "_includes/footer.html": "<p></p>\n", "_layouts/post.html": "<p></p>\n"},
    "plain": {"notes/a.md": POST},
    "toml-but-not-hugo": {"config.toml": "[server]\nport = 8080\n", "a.md": POST},
}


@pytest.mark.parametrize("site, expected", [
    ("jekyll", "jekyll"), ("jekyll-posts-only", "jekyll"), ("hugo", "hugo"),
    ("hugo-old-config", "hugo"), ("hugo-archetypes", "hugo"), ("eleventy", "eleventy"),
    ("eleventy-dotfile", "eleventy"), ("astro", "astro"), ("plain", None),
    ("hugo-config-folder", "hugo"), ("hugo-config-yaml", "hugo"), ("astro-mts", "astro"),
    ("toml-but-not-hugo", None),
])
def test_the_generator_is_recognised(tmp_path, site, expected):
    assert detect_generator(make(tmp_path, SITES[site])) == expected


@pytest.mark.parametrize("generator", [None, *GENERATORS])
def test_every_starter_loads_without_error(tmp_path, generator):
    config = load_config(make(tmp_path, {".attriblint.yaml": starter_config(generator)})
                         / ".attriblint.yaml")
    assert config.exclude  # the build folder at least
    assert config.gitignore is True


@pytest.mark.parametrize("site, built, post", [
    ("jekyll", "_site/2024/01/01/a.html", "_posts/2024-01-01-a.md"),
    ("hugo", "public/posts/a/index.html", "content/posts/a.md"),
    ("eleventy", "_site/posts/a/index.html", "posts/a.md"),
    ("astro", "dist/blog/a/index.html", "src/content/blog/a.md"),
    ("astro-mts", "src/content/x.md", "src/pages/posts/a.md"),  # Astro's tutorial layout
    ("jekyll-templates", "_includes/footer.html", "_posts/2024-01-01-a.md"),  # templates
])
def test_the_starter_leaves_the_built_site_out(tmp_path, site, built, post):
    """Without a .gitignore listing it, the built copy would be linted twice over."""
    make(tmp_path, SITES[site])
    written = write_starter(tmp_path)
    assert written == tmp_path / ".attriblint.yaml"
    targets, _ = discover([str(tmp_path)], ConfigFinder())
    linted = {Path(t.path).relative_to(tmp_path).as_posix() for t in targets}
    assert post in linted and built not in linted


def test_the_hugo_starter_lints_only_content(tmp_path):
    make(tmp_path, {**SITES["hugo"], "README.md": "# Blog\n"})
    write_starter(tmp_path)
    config = load_config(tmp_path / ".attriblint.yaml")
    assert config.include == ("content/**",)
    assert "public/" in config.exclude


def test_the_starter_says_what_the_commented_keys_do():
    text = starter_config("hugo")
    assert "a Hugo site" in text
    for key in ("# fields:", "#   source_url: [original_link]", "# site:", "#   authors:",
                "# severity:", "# per-path-ignores:", "docs/configuration.md"):
        assert key in text


@pytest.mark.parametrize("existing", [".attriblint.yaml", ".attriblint.yml"])
def test_an_existing_config_is_never_overwritten(tmp_path, existing):
    (tmp_path / existing).write_text("exclude: [mine/]\n", encoding="utf-8")
    with pytest.raises(InitError, match=f"{existing} already exists"):
        write_starter(tmp_path)
    assert (tmp_path / existing).read_text(encoding="utf-8") == "exclude: [mine/]\n"
    assert not (tmp_path / ".attriblint.yaml").exists() or existing == ".attriblint.yaml"


def test_a_folder_that_cannot_be_written_is_an_init_error(tmp_path):
    with pytest.raises(InitError, match="cannot write .*: no such file or directory"):
        write_starter(tmp_path / "missing")
