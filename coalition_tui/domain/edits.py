"""The one edit between two versions of a text: how remote words reach a field and a shared document."""

from __future__ import annotations


def splice(before: str, after: str) -> tuple[int, int, str]:
    """The one edit that turns ``before`` into ``after``: (start, end in ``before``, new text).

    The common start and end are kept, so a cursor or another writer's words
    outside the change stay where they were.
    """
    start = 0
    limit = min(len(before), len(after))
    while start < limit and before[start] == after[start]:
        start += 1
    end_before, end_after = len(before), len(after)
    while end_before > start and end_after > start and before[end_before - 1] == after[end_after - 1]:
        end_before -= 1
        end_after -= 1
    return start, end_before, after[start:end_after]
