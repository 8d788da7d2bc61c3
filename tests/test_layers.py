"""The domain, storage and autosave load without any drawing library, in a fresh interpreter.

import-linter (``.ci/run``) checks the imports written in the code; this checks
what actually loads, as Harlequin's test of its own layers does: a lazy import
or a plugin that pulls Textual in at run time shows here and nowhere else.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import coalition_tui.domain
import coalition_tui.storage

UI_PACKAGES = ("textual", "rich", "textual_serve")


def modules_of(package) -> list[str]:
    return [package.__name__] + [f"{package.__name__}.{m.name}" for m in pkgutil.iter_modules(package.__path__)]


CORE = [*modules_of(coalition_tui.domain), *modules_of(coalition_tui.storage), "coalition_tui.autosave"]


def loaded_after_importing(modules: list[str]) -> list[str]:
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def test_the_core_loads_no_drawing_library():
    assert len(CORE) > 15, "the walk found the domain's and storage's modules"
    loaded = loaded_after_importing(CORE)
    drawing = [name for name in loaded if name.split(".")[0] in UI_PACKAGES]
    assert not drawing, f"importing the domain, storage and autosave loaded {drawing[:5]}"


def test_the_check_sees_a_drawing_library_when_one_is_loaded():
    """The same walk, with one UI module added, finds Textual: the test above can fail."""
    loaded = loaded_after_importing([*CORE[:2], "coalition_tui.widgets.balance_bar"])
    assert any(name.split(".")[0] == "textual" for name in loaded)


def test_the_domain_loads_nothing_of_ours_outside_itself():
    """Except the translation function: the domain's messages to people are in their language."""
    loaded = loaded_after_importing(modules_of(coalition_tui.domain))
    ours = [name for name in loaded if name.startswith("coalition_tui.")]
    outside = [name for name in ours if not name.startswith("coalition_tui.domain") and name != "coalition_tui.i18n"]
    assert ours and not outside, f"the domain loaded {outside}"


def test_the_translations_import_nothing_of_ours():
    loaded = loaded_after_importing(["coalition_tui.i18n"])
    assert [name for name in loaded if name.startswith("coalition_tui.")] == ["coalition_tui.i18n"]
    assert not [name for name in loaded if name.split(".")[0] in UI_PACKAGES]


def test_the_live_sync_loads_no_drawing_library():
    """``coalition_tui.remote`` (the sync of a live session) runs in the app but never draws."""
    import coalition_tui.remote

    remote = modules_of(coalition_tui.remote)
    assert "coalition_tui.remote.host" in remote and "coalition_tui.remote.link" in remote
    loaded = loaded_after_importing(remote)
    assert "pycrdt" in loaded, "the walk loaded the sync engine"
    drawing = [name for name in loaded if name.split(".")[0] in UI_PACKAGES]
    assert not drawing, f"importing the live session's sync loaded {drawing[:5]}"


def test_start_up_does_not_load_the_sync_engine():
    """The sync engine is for ``host`` and ``join``: the app and its home screen start without it."""
    loaded = loaded_after_importing(["coalition_tui.cli", "coalition_tui.app", "coalition_tui.screens.home"])
    assert "coalition_tui.app" in loaded
    engine = [name for name in loaded if name.split(".")[0] in ("pycrdt", "websockets", "anyio")]
    assert not engine, f"starting Coalition loaded {engine[:5]}"
