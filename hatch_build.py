"""Wheel build step: the shipped catalog, parsed once here, goes into the wheel beside its YAML as JSON
(with the YAML's sha256), so the first `mu` after an install skips the half second of YAML parsing.
mu reads the JSON only while that digest matches the YAML next to it; otherwise it parses the YAML."""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel" or version == "editable":
            return  # an editable install reads the checkout's YAML (and caches its parse on first use)
        import yaml

        source = Path(self.root) / "settings_catalog.yaml"
        raw = source.read_bytes()
        data = yaml.load(raw.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        self._tmp = tempfile.TemporaryDirectory(prefix="mu-build-")
        out = Path(self._tmp.name) / "settings_catalog.json"
        out.write_text(
            json.dumps({"sha256": hashlib.sha256(raw).hexdigest(), "data": data}, default=str), encoding="utf-8"
        )
        build_data["force_include"][str(out)] = "mu_cli/settings_catalog.json"

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        tmp = getattr(self, "_tmp", None)
        if tmp is not None:
            tmp.cleanup()
