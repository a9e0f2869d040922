import copy
import json
from pathlib import Path

import pytest
import yaml

from mu_cli.catalog import Catalog
from mu_cli.errors import CatalogError
from mu_cli.paths import catalog_file, schema_file

SPEC = Path(__file__).resolve().parents[3] / "shared" / "spec" / "core-settings.yaml"


def _spec():
    if not SPEC.exists():
        pytest.skip("../shared/spec is not beside this checkout")
    return yaml.safe_load(SPEC.read_text())


def test_core_settings_present_with_exact_kind_and_domain(catalog):
    for core in _spec()["settings"]:
        s = catalog.setting(core["id"])
        assert s is not None, core["id"]
        assert s.kind == core["kind"], core["id"]
        if s.kind == "range":
            assert (s.min, s.max, s.unit) == (core["min"], core["max"], core["unit"]), core["id"]
        if s.kind == "choice":
            assert list(s.choice_ids) == [str(v) for v in core["values"]], core["id"]


def test_core_pages_present_with_exact_uris(catalog):
    for core in _spec()["pages"]:
        p = catalog.page(core["id"])
        assert p is not None, core["id"]
        assert (p.windows, p.gnome) == (core["windows"], core["gnome"]), core["id"]


def test_catalog_size_and_every_area(catalog):
    assert len(catalog) >= 350
    used = {catalog.pages[s.page].area for s in catalog.settings.values()}
    assert used == set(catalog.areas), set(catalog.areas) - used


def test_every_setting_has_both_platform_bindings_and_words(catalog):
    for s in catalog.settings.values():
        assert set(s.bindings) == {"windows", "gnome"}, s.id
        assert s.aliases or s.keywords, s.id
        for b in s.bindings.values():
            assert b.via != "page" or b.spec.get("reason"), f"{s.id}: page-only needs a reason"


def test_the_schema_file_is_written_from_the_loaders_vocabularies():
    from mu_cli import catalog
    from mu_cli.catalog_schema import schema, text

    assert schema_file().read_text(encoding="utf-8") == text(), (
        "run: python -m mu_cli.catalog_schema > mu_cli/catalog.schema.json"
    )
    defs = schema()["$defs"]
    assert set(defs["setting"]["properties"]) == catalog._SETTING_FIELDS
    assert set(defs["page"]["properties"]) == catalog._PAGE_FIELDS


def test_the_training_problems_validate_as_problems():
    jsonschema = pytest.importorskip("jsonschema")
    from mu_cli.training.problems import PROBLEMS_FILE

    problem = json.loads(schema_file().read_text())
    check = jsonschema.Draft202012Validator({**problem["$defs"]["problem"], "$defs": problem["$defs"]})
    entries = yaml.load(PROBLEMS_FILE.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    for entry in entries["settings"]:
        for p in entry["problems"]:
            check.validate(p)


def test_shipped_catalog_validates_against_json_schema():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(schema_file().read_text())
    jsonschema.validate(yaml.safe_load(catalog_file().read_text()), schema)


def _mini():
    return {
        "version": 1,
        "areas": [{"id": "system", "title": "System"}],
        "pages": [
            {
                "id": "display",
                "title": "Display",
                "area": "system",
                "windows": "ms-settings:display",
                "gnome": "display",
            }
        ],
        "settings": [
            {
                "id": "display.brightness",
                "title": "Brightness",
                "page": "display",
                "kind": "range",
                "min": 0,
                "max": 100,
                "unit": "percent",
                "description": "d",
                "priority": 5,
                "bindings": {"windows": {"via": "page", "reason": "r"}, "gnome": {"via": "backlight"}},
            }
        ],
    }


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d["settings"][0].update(kind="slider"), "display.brightness: field 'kind'"),
        (lambda d: d["settings"][0].update(max=-1), "field 'max'"),
        (lambda d: d["settings"][0].update(page="nope"), "field 'page': unknown page 'nope'"),
        (lambda d: d["settings"][0].update(priorty=3), "field 'priorty': unknown field"),
        (lambda d: d["settings"][0].pop("bindings"), "field 'bindings'"),
        (lambda d: d["settings"][0]["bindings"].pop("gnome"), "field 'bindings.gnome'"),
        (lambda d: d["settings"][0].update(default=500), "field 'default'"),
        (lambda d: d["settings"][0].update(id="Brightness"), "field 'id'"),
        (lambda d: d["settings"][0].update(kind="choice", values=[{"id": "a", "label": "A"}]), "field 'values'"),
        (lambda d: d["settings"][0].update(opposites=["dark screen"]), "field 'opposites': only an on/off setting"),
        (lambda d: d["settings"][0].update(faster="quicker"), "field 'faster': must be one of higher, lower"),
        (lambda d: d["settings"][0].update(kind="toggle", faster="lower"), "field 'faster': only a range"),
        (lambda d: d["settings"][0].update(saves_battery="less"), "field 'saves_battery': must be one of higher"),
        (lambda d: d["settings"][0].update(kind="toggle", saves_battery="lower"), "field 'saves_battery': only a"),
        (lambda d: d["settings"][0].update(requires={"display.nope": True}), "field 'requires': unknown setting"),
        (lambda d: d["settings"][0].update(requires={"display.brightness": 5}), "field 'requires': display.brightness"),
    ],
)
def test_validation_errors_name_entry_and_field(mutate, message):
    data = _mini()
    mutate(data)
    with pytest.raises(CatalogError) as exc:
        Catalog.from_data([("test.yaml", data)])
    assert message in str(exc.value)
    assert "test.yaml" in str(exc.value)


def test_typo_in_yaml_file_is_one_clear_error(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("settings:\n  - id: x.y\n    title: [unclosed\n")
    with pytest.raises(CatalogError, match=r"bad.yaml line \d+: not valid YAML"):
        Catalog.from_yaml(bad)


def test_user_file_overrides_and_adds(tmp_path, monkeypatch):
    extra = tmp_path / "mine.yaml"
    data = _mini()
    added = copy.deepcopy(data["settings"][0])
    added.update(id="display.my_dimmer", title="My dimmer")
    extra.write_text(yaml.safe_dump({"settings": [{"id": "sound.volume", "title": "Loudness"}, added]}))
    base = Catalog.load()
    cat = Catalog.load([extra])
    assert cat.settings["sound.volume"].title == "Loudness"
    assert cat.settings["sound.volume"].max == 100  # untouched fields stay
    assert "display.my_dimmer" in cat.settings and len(cat) == len(base) + 1
    assert cat.hash != base.hash
    monkeypatch.setenv("MU_CATALOG", str(extra))
    assert Catalog.load().settings["sound.volume"].title == "Loudness"


def test_the_compiled_catalog_follows_every_edit(tmp_path, monkeypatch):
    """Loaded twice, the catalog comes from its compiled copy; any edit to a file (same size, same
    modification time even) makes a new one."""
    monkeypatch.delenv("MU_CACHE")  # this test's own cache, under its MU_HOME
    import os

    extra = tmp_path / "mine.yaml"
    extra.write_text(yaml.safe_dump({"settings": [{"id": "sound.volume", "title": "Loudness"}]}))
    assert Catalog.load([extra]).settings["sound.volume"].title == "Loudness"
    cache = tmp_path / "mu-home" / "cache"
    assert len(list(cache.glob("compiled-*.pickle"))) == 1
    assert Catalog.load([extra]).settings["sound.volume"].title == "Loudness"  # from the compiled copy
    stat = extra.stat()
    extra.write_text(yaml.safe_dump({"settings": [{"id": "sound.volume", "title": "Laudness"}]}))
    os.utime(extra, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert Catalog.load([extra]).settings["sound.volume"].title == "Laudness"
    assert len(list(cache.glob("compiled-*.pickle"))) == 2


def test_a_prebuilt_parse_is_used_only_for_the_exact_yaml_it_was_made_from(tmp_path):
    """An installed wheel carries settings_catalog.json beside the YAML (built at install time); a YAML
    edited after that is parsed again."""
    import hashlib

    from mu_cli.catalog import _read_yaml

    yml = tmp_path / "cat.yaml"
    yml.write_text("settings: []\nfrom: yaml\n")
    prebuilt = {"settings": [], "from": "prebuilt"}
    sha = hashlib.sha256(yml.read_bytes()).hexdigest()
    (tmp_path / "cat.json").write_text(json.dumps({"sha256": sha, "data": prebuilt}))
    assert _read_yaml(yml)["from"] == "prebuilt"
    yml.write_text("settings: []\nfrom: edited yaml\n")
    assert _read_yaml(yml)["from"] == "edited yaml"
