"""``attriblint init``: a starter ``.attriblint.yaml`` for the blog in a folder.

The static site generator is recognised from its own files, so that the
starter leaves out the folder it builds into (linting the built copy reports
every problem twice) and lints only the folder that holds the posts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .config import YAML_NAMES


class InitError(Exception):
    """``attriblint init`` cannot write the starter; ``str()`` says why."""


@dataclass(frozen=True)
class Generator:
    """A site generator that attriblint init recognises, and where it keeps posts."""

    name: str  # as users know it
    content: tuple[str, ...]  # folders holding the posts, relative to the site's root
    build: tuple[str, ...]  # folders it builds into, or that hold templates and vendored code


GENERATORS = {
    "jekyll": Generator("Jekyll", (), ("_site/", ".jekyll-cache/", "vendor/", "_includes/",
                                       "_layouts/")),
    "hugo": Generator("Hugo", ("content/",), ("public/", "resources/_gen/")),
    "eleventy": Generator("Eleventy", (), ("_site/", "node_modules/", "_includes/",
                                           "_layouts/")),
    "astro": Generator("Astro", ("src/content/", "src/pages/"),
                       ("dist/", ".astro/", "node_modules/")),
}


def detect_generator(folder: Path) -> str | None:
    """Which generator builds the site in ``folder`` (a key of :data:`GENERATORS`),
    or None when none is recognised."""
    folder = Path(folder)

    def has(*names: str) -> bool:
        return any((folder / name).exists() for name in names)

    if has(*(f"astro.config.{ext}" for ext in ("mjs", "js", "ts", "mts", "cjs", "cts"))):
        return "astro"
    if has(".eleventy.js", "eleventy.config.js", "eleventy.config.mjs", "eleventy.config.cjs"):
        return "eleventy"
    if has("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config/_default") \
            or any(_hugo_config(folder / name)
                   for name in ("config.toml", "config.yaml", "config.yml")) \
            or (folder / "archetypes").is_dir():
        return "hugo"
    if has("_config.yml", "_config.yaml") or (folder / "_posts").is_dir():
        return "jekyll"
    return None


def _hugo_config(path: Path) -> bool:
    """Whether ``config.toml`` (or ``.yaml``) is Hugo's (older sites): it sets ``baseURL``."""
    try:
        return "baseurl" in path.read_text(encoding="utf-8", errors="replace").lower()
    except OSError:
        return False


def starter_config(generator: str | None) -> str:
    """The starter ``.attriblint.yaml`` for a site built by ``generator``
    (None: not recognised), with comments saying what each key does."""
    known = GENERATORS.get(generator or "")
    intro = (f"# attriblint configuration for a {known.name} site."
             if known else "# attriblint configuration (no site generator recognised).")
    include = ""
    if known and known.content:
        include = ("# Lint only the posts.\ninclude:\n"
                   + "".join(f"  - \"{folder}**\"\n" for folder in known.content))
    build = known.build if known else ("_site/", "public/", "dist/")
    exclude = "".join(f"  - \"{folder}\"\n" for folder in build)
    return (
        f"{intro}\n"
        f"# Every key: docs/configuration.md; schema: attriblint/schema/config.schema.json\n"
        f"\n"
        f"# Rules to check: bundled rule ids or paths to rule files (default: all bundled).\n"
        f"# rules: [globalresearch, propublica, ./my-rules/]\n"
        f"\n"
        f"{include}"
        f"# Never lint the built site (it repeats every post), nor templates.\n"
        f"exclude:\n{exclude}"
        f"\n"
        f"# Files that .gitignore ignores are left out (set false to lint them).\n"
        f"gitignore: true\n"
        f"\n"
        f"# Front-matter keys holding the original's address, author, date...\n"
        f"# fields:\n"
        f"#   source_url: [original_link]\n"
        f"\n"
        f"# The blog itself: its own authors are never taken for the original's.\n"
        f"# site:\n"
        f"#   name: \"My blog\"\n"
        f"#   authors: [\"Your Name\"]\n"
        f"#   commercial: false\n"
        f"#   permissions:\n"
        f"#     propublica: {{kinds: [images], note: \"email from the editor, 2024-03-02\"}}\n"
        f"\n"
        f"# Severity per code (error, warning or off), and codes never reported per path.\n"
        f"# severity: {{AL302: warning}}\n"
        f"# per-path-ignores: {{\"drafts/**\": [AL101]}}\n"
    )


def write_starter(folder: Path) -> Path:
    """Write the starter ``.attriblint.yaml`` into ``folder``; raises
    :class:`InitError` when the folder already has a configuration file of
    that kind (nothing is overwritten)."""
    from .config import ConfigError, _config_in

    folder = Path(folder)
    for name in YAML_NAMES:
        if (folder / name).exists():
            raise InitError(f"{folder / name} already exists; edit it, or remove it first")
    try:
        existing = _config_in(str(folder))
    except ConfigError:  # a broken pyproject.toml that mentions attriblint
        existing = folder / "pyproject.toml"
    if existing is not None:  # [tool.attriblint]: a new file would silently win over it
        raise InitError(f"{existing} already configures attriblint ([tool.attriblint]); "
                        f"edit it instead")
    target = folder / YAML_NAMES[0]
    text = starter_config(detect_generator(folder))
    try:
        # "x": created here or not at all, even if another process races us
        with open(target, "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise InitError(f"{target} already exists; edit it, or remove it first") from None
    except OSError as error:
        from .files import describe_os_error

        raise InitError(f"cannot write {target}: {describe_os_error(error)}") from None
    return target
