"""The agreement's read model when the shipped prompts cannot be read: plain labels, no answer lost."""

from __future__ import annotations

import pytest

from coalition_tui.domain.prompts import PromptsError
from coalition_tui.domain.session import Session
from coalition_tui.export import agreement
from tests.conftest import FIXED_NOW


def test_without_the_prompts_every_answer_keeps_a_plain_label(monkeypatch: pytest.MonkeyPatch):
    def unreadable() -> None:
        raise PromptsError("The prompts file is not valid TOML.")

    monkeypatch.setattr(Session, "prompts", property(lambda self: unreadable()))
    session = Session.new("Ada", "Ben", now=FIXED_NOW)
    session.alignment.set_answer("vision", "a", "A product both are proud of")
    session.alignment.set_answer("something_new", "b", "Kept all the same")
    keys = agreement.alignment_keys(session)
    assert keys[: len(agreement.FALLBACK_LABELS)] == list(agreement.FALLBACK_LABELS.items())
    assert keys[-1] == ("something_new", "Something new")


def test_other_errors_are_not_hidden(monkeypatch: pytest.MonkeyPatch):
    def broken() -> None:
        raise RuntimeError("a bug, not a missing file")

    monkeypatch.setattr(Session, "prompts", property(lambda self: broken()))
    with pytest.raises(RuntimeError):
        agreement.alignment_keys(Session.new("Ada", "Ben", now=FIXED_NOW))
