"""Word diffs of the history and the version comparison."""

import pytest

from plans.diffing import word_diff


def _marked(segments) -> list[tuple[str, str]]:
    return [(s["op"], s["text"]) for s in segments if s["op"] != "same"]


def test_a_value_followed_by_a_new_one_is_not_deleted_and_added_again():
    """A target for 2029 added after 2028's: only the new year is marked, not also
    2028's unchanged "1.500,5" as deleted and added again (its ";" is new)."""
    segments = word_diff("2027: 1.400; 2028: 1.500,5", "2027: 1.400; 2028: 1.500,5; 2029: 2.100,75")
    assert _marked(segments) == [("ins", "; 2029: 2.100,75")]


def test_a_word_before_a_full_stop_is_compared_as_a_word():
    segments = word_diff("Več dnevnih centrov.", "Več dnevnih centrov in klubov.")
    assert _marked(segments) == [("ins", " in klubov")]


@pytest.mark.parametrize(
    "text",
    ["2027: 1.400; 2028: 1.500,5", "Prvi odstavek. Drugi!", "...", ".5 in 0,5", "20. 11. 2026"],
)
def test_the_segments_of_an_unchanged_text_are_the_text(text):
    assert word_diff(text, text) == [{"op": "same", "text": text}]
    assert "".join(s["text"] for s in word_diff("", text)) == text
