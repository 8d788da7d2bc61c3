"""The domain's rules: names, agenda, clock settings, walking the agenda, round trips."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coalition_tui.domain.errors import SealedError, ValidationError
from coalition_tui.domain.partners import MAX_NAME_LENGTH, other, validate_names
from coalition_tui.domain.phases import DEFAULT_AGENDA, Phase, parse_agenda
from coalition_tui.domain.session import ClockSettings, Session, summarize

from .conftest import FIXED_NOW


class TestNames:
    def test_trimmed_and_kept(self):
        assert validate_names("  Ada ", "Ben\t", " Coach ") == ("Ada", "Ben", "Coach")

    @pytest.mark.parametrize(
        ("a", "b", "field"), [("", "Ben", "partner_a"), ("Ada", "   ", "partner_b"), (None, None, "partner_a")]
    )
    def test_required(self, a, b, field):
        with pytest.raises(ValidationError) as caught:
            validate_names(a, b)
        assert caught.value.field == field
        assert "needs a name" in str(caught.value)

    @pytest.mark.parametrize("b", ["Ada", " ada ", "ADA"])
    def test_distinct_after_trimming_ignoring_case(self, b):
        with pytest.raises(ValidationError, match="different names") as caught:
            validate_names("Ada", b)
        assert caught.value.field == "partner_b"

    def test_length_limited(self):
        validate_names("a" * MAX_NAME_LENGTH, "Ben")
        with pytest.raises(ValidationError, match=f"keep it to {MAX_NAME_LENGTH}"):
            validate_names("a" * (MAX_NAME_LENGTH + 1), "Ben")

    def test_control_characters_refused(self):
        with pytest.raises(ValidationError, match="control character"):
            validate_names("Ada\x1b[31m", "Ben")

    def test_unicode_names_kept_exactly(self):
        a, b, _ = validate_names("Zoë 🌱", "مريم")
        assert (a, b) == ("Zoë 🌱", "مريم")

    def test_combining_marks_normalised_before_comparing(self):
        with pytest.raises(ValidationError, match="different names"):
            validate_names("Zoe\u0308", "Zoë")

    def test_other(self):
        assert other("a") == "b" and other("b") == "a"


class TestAgenda:
    def test_default_is_all_five_in_order(self):
        assert parse_agenda("alignment,clearing,declaration,accountability,seal") == DEFAULT_AGENDA
        assert DEFAULT_AGENDA == (Phase.ALIGNMENT, Phase.CLEARING, Phase.DECLARATION, Phase.ACCOUNTABILITY, Phase.SEAL)

    def test_clearing_alone_is_valid(self):
        assert parse_agenda("clearing") == (Phase.CLEARING,)

    def test_clearing_first(self):
        assert parse_agenda(" Clearing , alignment ")[0] is Phase.CLEARING

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("", "at least one"),
            ("clearing,party", "Unknown phase 'party'"),
            ("clearing,clearing", "only once"),
            ("seal,clearing", "must come last"),
        ],
    )
    def test_refused(self, text, message):
        with pytest.raises(ValidationError, match=message):
            parse_agenda(text)

    @given(st.permutations(list(Phase)).flatmap(lambda perm: st.integers(1, 5).map(lambda n: perm[:n])))
    def test_any_subset_in_any_order_is_valid_when_seal_is_last(self, phases):
        if Phase.SEAL in phases and phases[-1] is not Phase.SEAL:
            with pytest.raises(ValidationError):
                parse_agenda(phases)
        else:
            assert parse_agenda(phases) == tuple(phases)


class TestClockSettings:
    def test_defaults(self):
        assert ClockSettings() == ClockSettings(turn_seconds=120, tolerance_seconds=30)

    @pytest.mark.parametrize("turn", [0, 14, 1801])
    def test_turn_bounds(self, turn):
        with pytest.raises(ValidationError) as caught:
            ClockSettings(turn_seconds=turn)
        assert caught.value.field == "turn_seconds"

    def test_tolerance_bounds(self):
        with pytest.raises(ValidationError):
            ClockSettings(tolerance_seconds=-1)


class TestSession:
    def test_new_walks_the_agenda(self):
        session = Session.new("Ada", "Ben", agenda="clearing,alignment", now=FIXED_NOW)
        assert session.current_phase is Phase.CLEARING and session.status == "clearing"
        assert session.advance() is Phase.ALIGNMENT
        assert session.advance() is None and session.finished and session.status == "finished"
        assert session.advance() is None and session.phase_index == 2
        assert session.go_back() is Phase.ALIGNMENT

    def test_round_trip(self):
        session = Session.new("Ada", "Ben", facilitator="Cy", title="Reset 🌱", now=FIXED_NOW)
        session.alignment.set_answer("focus", "a", "שלום\n" * 3)
        session.clearing.accounts["b"] = "x" * 1000
        session.declaration.of("a").words = "I'm in"
        session.advance()
        again = Session.from_dict(session.to_dict())
        assert again == session
        assert again.to_dict() == session.to_dict()

    def test_sealed_refuses_edits(self):
        session = Session.new("Ada", "Ben", now=FIXED_NOW)
        session.ensure_editable()
        session.seal.sealed_at = "2026-11-25T14:30:00+00:00"
        with pytest.raises(SealedError):
            session.ensure_editable()
        assert session.status == "sealed"

    def test_summary_has_what_lists_show(self):
        session = Session.new("Ada", "Ben", title="T", now=FIXED_NOW, session_id="abcd1234")
        summary = summarize(session)
        assert summary["id"] == "abcd1234"
        assert summary["partners"] == {"a": "Ada", "b": "Ben"}
        assert summary["status"] == "alignment"
        assert summary["created_at"] == "2026-11-25T14:30:00+00:00"
