"""The training problems live beside the training code, not in the catalog mu runs with."""

from pathlib import Path

import yaml

from mu_cli.catalog import Catalog
from mu_cli.paths import catalog_file
from mu_cli.training.problems import PROBLEMS_FILE, with_problems

ROOT = Path(__file__).resolve().parents[2]


def test_the_catalog_mu_runs_with_has_no_problems_and_the_same_grammar():
    runtime = Catalog.load()
    assert not any(s.problems for s in runtime.settings.values())
    trained = with_problems(runtime)
    assert trained.hash == runtime.hash  # the model's catalog hash does not depend on training data
    assert all(s.problems for s in trained.settings.values())  # at least one per setting
    assert sum(len(s.problems) for s in trained.settings.values()) >= 3000
    assert with_problems(trained) is trained


def test_problems_are_keyed_by_known_ids_and_carry_nothing_else():
    data = yaml.safe_load(PROBLEMS_FILE.read_text(encoding="utf-8"))
    known = set(Catalog.load().settings)
    assert set(data) == {"version", "settings"}
    assert all(set(e) == {"id", "problems"} and e["id"] in known for e in data["settings"])


def test_a_user_catalog_still_overrides_the_shipped_problems(tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "settings:\n- id: display.brightness\n  problems:\n  - {text: my eyes hurt at night, action: decrease}\n",
        encoding="utf-8",
    )
    trained = with_problems(Catalog.from_yaml(catalog_file(), mine))
    assert [p.text for p in trained.settings["display.brightness"].problems] == ["my eyes hurt at night"]
    assert len(trained.settings["sound.volume"].problems) > 1


def test_a_catalog_on_another_base_keeps_its_own_problems():
    own = Catalog.from_yaml(ROOT / "tests" / "data" / "synth_catalog.yaml")
    assert with_problems(own) is own


def test_the_shipped_catalog_is_at_most_half_its_former_size():
    assert catalog_file().stat().st_size <= 849_302 // 2
