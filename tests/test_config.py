"""Configuration files: what they set, where errors are, which one applies."""

import json
import textwrap
from pathlib import Path

import fastjsonschema
import pytest

from attriblint.config import (SCHEMA_FILE, ConfigError, ConfigFinder, describe, load_config,
                               render)
from attriblint.settings import Fields, Permission


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


HUGO_CONFIG = """\
    rules: [globalresearch, propublica, ./my-rules/]
    include: ["content/**"]
    exclude: ["public/"]
    fields:
      source_url: [original_link]
    site:
      name: "Jane's blog"
      authors: ["Jane Doe"]
      commercial: false
      permissions:
        propublica: {kinds: [images], note: "email from J. Editor, 2024-03-02"}
    severity: {AL302: warning, AL801: off}
    select: [credit, AL302]
    ignore: [images]
    per-path-ignores: {"drafts/**": [AL101]}
    """


@pytest.fixture
def hugo(tmp_path):
    (tmp_path / "my-rules").mkdir()
    write(tmp_path / "my-rules" / "local.yaml", "id: local-paper\n")
    return write(tmp_path / ".attriblint.yaml", HUGO_CONFIG)


def test_every_key_reaches_the_settings(hugo):
    config = load_config(hugo)
    assert config.path == hugo
    assert config.rules == ("globalresearch", "propublica", str(hugo.parent / "my-rules"))
    assert config.include == ("content/**",) and config.exclude == ("public/",)
    assert config.gitignore is True
    settings = config.settings
    assert settings.fields.source_url == ("originallink",) + tuple(  # first, then the rest
        key for key in Fields().source_url if key != "originallink")
    assert settings.fields.original_author == Fields().original_author
    assert settings.site.name == "Jane's blog" and settings.site.authors == ("Jane Doe",)
    assert settings.site.commercial is False
    assert settings.site.permissions == (
        Permission("propublica", ("images",), "email from J. Editor, 2024-03-02"),)
    assert dict(settings.severity) == {"AL302": "warning", "AL801": "off"}
    assert settings.select == ("credit", "AL302") and settings.ignore == ("images",)
    assert settings.per_path_ignores == (("drafts/**", ("AL101",)),)
    assert settings.root == str(hugo.parent)


def test_an_empty_file_is_every_default(tmp_path):
    config = load_config(write(tmp_path / ".attriblint.yaml", "# nothing yet\n"))
    assert config.rules is None and config.include == () and config.gitignore is True
    assert config.settings.fields == Fields() and config.settings.select is None


def test_a_permission_may_name_a_configured_rule_file_by_its_id(tmp_path):
    write(tmp_path / "rules" / "paper.yaml", "id: the-paper\npublisher: The Paper\n")
    config = load_config(write(tmp_path / ".attriblint.yaml", """\
        rules: [rules/paper.yaml]
        site: {permissions: {the-paper: {note: "by phone, 2025-01-10"}}}
        """))
    assert config.settings.site.permissions == (
        Permission("the-paper", (), "by phone, 2025-01-10"),)


# Each error names the key in the config's terms, and where it is written.
@pytest.mark.parametrize("text, expected", [
    ("severity: {AL3O2: warning}\n",
     "1:12: severity.AL3O2: unknown code 'AL3O2'; did you mean 'AL302'?"),
    ("site:\n  commercial: no\n", "2:15: site.commercial: must be true or false"),
    ("exclude: [public/, 1]\n", "1:20: exclude[1]: must be a string"),
    ("exlude: [public/]\n", "1:1: unknown key 'exlude'; did you mean 'exclude'?"),
    ("fields:\n  sourceurl: [link]\n",
     "2:3: unknown key 'sourceurl' in fields; did you mean 'source_url'?"),
    ("rules: [globalresarch]\n",
     "1:9: rules[0]: unknown rule 'globalresarch'; did you mean 'globalresearch'?"),
    ("rules:\n  - ./missing/\n", "2:5: rules[0]: no such rule file or folder: "),
    ("severity:\n  AL302: warn\n",
     "2:10: severity.AL302: must be error, warning or off, not \"warn\""),
    ("ignore: [imags]\n",
     "1:10: ignore[0]: unknown code or requirement kind 'imags'; did you mean 'images'?"),
    ("site:\n  permissions:\n    propublica: {kinds: [images]}\n",
     "3:5: site.permissions.propublica: needs 'note' (who granted the permission, and when)"),
    ("site:\n  permissions:\n    propublca: {note: x}\n",
     "3:5: site.permissions.propublca: unknown rule 'propublca'; did you mean 'propublica'?"),
    ("site:\n  permissions:\n    propublica: {note: x, kinds: [imags]}\n",
     "3:35: site.permissions.propublica.kinds[0]: must be images, window, no-derivatives "
     "or noncommercial, not \"imags\""),
    ("site:\n  permissions:\n    propublica: {note: x, kinds: [credit]}\n",  # never waived
     "3:35: site.permissions.propublica.kinds[0]: must be images, window, no-derivatives "
     "or noncommercial, not \"credit\""),
    ("fields: {source_url: []}\n", "1:22: fields.source_url: must not be empty"),
    ("include: content/**\n", "1:10: include: must be a list"),
    ("site: [Jane]\n", "1:7: site: must be a mapping"),
    ("gitignore: true\ngitignore: false\n", "2:1: not valid YAML: "),
    ("rules: [\n", "2:1: not valid YAML: "),
    ("- rules\n", "1:1: the configuration must be a mapping of keys"),
    ("site: &s {name: x}\nother: *s\n", "2:8: aliases (*name) are not allowed"),
])
def test_errors_name_the_key_and_its_position(tmp_path, text, expected):
    path = write(tmp_path / ".attriblint.yaml", text)
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(error.value).startswith(f"{path}:{expected}")


PYPROJECT = """\
    [project]
    name = "blog"

    [tool.attriblint]
    exclude = ["public/"]
    gitignore = true

    [tool.attriblint.fields]
    source_url = ["original_link"]

    [tool.attriblint.severity]
    AL302 = "warning"
    """


def test_pyproject_tool_attriblint_is_a_config(tmp_path):
    config = load_config(write(tmp_path / "pyproject.toml", PYPROJECT))
    assert config.exclude == ("public/",)
    assert config.settings.fields.source_url[0] == "originallink"
    assert dict(config.settings.severity) == {"AL302": "warning"}
    assert config.origins["fields.source_url"] == f"{tmp_path / 'pyproject.toml'}:9:1"


@pytest.mark.parametrize("change, expected", [
    (("gitignore = true", "gitignore = \"yes\""), "6:1: gitignore: must be true or false"),
    (("source_url =", "sourceurl ="),
     "9:1: unknown key 'sourceurl' in fields; did you mean 'source_url'?"),
    (("AL302 =", "AL3O2 ="), "12:1: severity.AL3O2: unknown code 'AL3O2'; did you mean 'AL302'?"),
    (("exclude =", "exlude ="), "5:1: unknown key 'exlude'; did you mean 'exclude'?"),
    (("gitignore = true", "gitignore = "), "6:13: not valid TOML: "),
])
def test_pyproject_errors_name_the_line_of_the_key(tmp_path, change, expected):
    path = write(tmp_path / "pyproject.toml", PYPROJECT.replace(*change))
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(error.value).startswith(f"{path}:{expected}")


def test_dotted_keys_and_a_tool_table_are_located_too(tmp_path):
    path = write(tmp_path / "pyproject.toml", """\
        [tool]
        attriblint.site.commercial = "no"
        """)
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(error.value) == f"{path}:2:1: site.commercial: must be true or false"


def test_the_nearest_config_wins_and_yaml_beats_pyproject(tmp_path):
    write(tmp_path / ".attriblint.yaml", "exclude: [top/]\n")
    write(tmp_path / "blog" / "pyproject.toml", "[tool.attriblint]\nexclude = ['blog/']\n")
    write(tmp_path / "blog" / "sub" / "pyproject.toml", "[project]\nname = 'x'\n")  # not one
    write(tmp_path / "site" / ".attriblint.yml", "exclude: [yml/]\n")
    write(tmp_path / "site" / "pyproject.toml", "[tool.attriblint]\nexclude = ['toml/']\n")
    finder = ConfigFinder()
    assert finder.for_path(str(tmp_path / "post.md")).exclude == ("top/",)
    assert finder.for_path(str(tmp_path / "blog" / "sub" / "post.md")).exclude == ("blog/",)
    assert finder.for_path(str(tmp_path / "site" / "deep" / "post.md")).exclude == ("yml/",)
    # one object per file: targets can be grouped by it
    assert finder.for_path(str(tmp_path / "a.md")) is finder.for_path(str(tmp_path / "b" / "c.md"))


def test_without_any_config_the_defaults_apply(tmp_path):
    config = ConfigFinder().for_path(str(tmp_path / "post.md"))
    assert config.path is None and config.exclude == () and config.settings.fields == Fields()


def test_a_forced_config_applies_to_every_path(tmp_path):
    forced = write(tmp_path / "ci" / "lint.yaml", "exclude: [drafts/]\n")
    write(tmp_path / "blog" / ".attriblint.yaml", "exclude: [other/]\n")
    finder = ConfigFinder(forced=forced)
    assert finder.for_path(str(tmp_path / "blog" / "post.md")).path == forced
    assert finder.for_path("/elsewhere/post.md").settings.root == str(forced.parent)


def test_a_broken_config_raises_each_time_it_is_asked(tmp_path):
    write(tmp_path / ".attriblint.yaml", "exlude: []\n")
    finder = ConfigFinder()
    for name in ("a.md", "b.md"):
        with pytest.raises(ConfigError, match="unknown key 'exlude'"):
            finder.for_path(str(tmp_path / name))


def test_describe_shows_every_value_and_where_it_came_from(hugo):
    lines = describe(load_config(hugo))
    assert lines[0] == f"config: {hugo}"
    assert f'exclude = ["public/"]  # {hugo}:3:1' in lines
    assert 'gitignore = true  # default' in lines
    assert any(line.startswith('fields.source_url = ["originallink", "sourceurl", ')
               and line.endswith(f"  # {hugo}:5:3") for line in lines)
    assert 'fields.original_author = ["originalauthor", "sourceauthor"]  # default' in lines
    assert (f'site.permissions.propublica = {{"kinds": ["images"], '
            f'"note": "email from J. Editor, 2024-03-02"}}  # {hugo}:11:5') in lines
    assert f'severity.AL801 = "off"  # {hugo}:12:28' in lines
    assert f'per-path-ignores.drafts/** = ["AL101"]  # {hugo}:15:20' in lines
    keys = [line.split(" = ")[0] for line in lines[1:]]
    assert keys[:4] == ["rules", "include", "exclude", "gitignore"]
    assert describe(load_config(hugo)) == lines  # stable


def test_describe_the_defaults():
    from attriblint.config import DEFAULT_CONFIG

    lines = describe(DEFAULT_CONFIG)
    assert lines[0] == "config: (none found: defaults)"
    assert all(line.endswith("# default") for line in lines[1:])


def test_the_shipped_schema_is_generated():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == render(), \
        "run: python -m attriblint.generate"


DOCS = Path(__file__).parent.parent / "docs" / "configuration.md"


def doc_example(language: str) -> str:
    return DOCS.read_text(encoding="utf-8").split(f"```{language}\n", 1)[1].split("```", 1)[0]


def test_editors_accept_the_documented_example_with_the_shipped_schema(tmp_path):
    from attriblint.config import _read_yaml
    from attriblint.rules import _plain

    validate = fastjsonschema.compile(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    data, _ = _read_yaml(write(tmp_path / ".attriblint.yaml", doc_example("yaml")))
    validate(_plain(data))


def test_the_documented_yaml_and_toml_examples_say_the_same(tmp_path):
    yaml = load_config(write(tmp_path / "yaml" / ".attriblint.yaml", doc_example("yaml")))
    toml = load_config(write(tmp_path / "toml" / "pyproject.toml", doc_example("toml")))
    assert yaml.settings.fields.source_url[0] == "originallink"
    assert (yaml.include, yaml.exclude) == (toml.include, toml.exclude)
    assert yaml.settings.site == toml.settings.site
    assert yaml.settings.severity == toml.settings.severity
    assert yaml.settings.per_path_ignores == toml.settings.per_path_ignores
    assert toml.origins["site.permissions.propublica"].endswith("pyproject.toml:13:1")


def test_a_broken_pyproject_is_an_error_only_when_it_configures_attriblint(tmp_path):
    write(tmp_path / ".attriblint.yaml", "exclude: [top/]\n")
    write(tmp_path / "app" / "pyproject.toml",
          '[project]\nname = "app\ndependencies = ["attriblint"]\n')  # broken: name
    assert ConfigFinder().for_path(str(tmp_path / "app" / "post.md")).exclude == ("top/",)
    write(tmp_path / "app" / "pyproject.toml", "[tool.attriblint]\nexclude = [\n")
    with pytest.raises(ConfigError, match=r"pyproject\.toml:3:1: not valid TOML"):
        ConfigFinder().for_path(str(tmp_path / "app" / "post.md"))
