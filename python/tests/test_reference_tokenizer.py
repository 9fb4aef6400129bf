"""The reference loop's character tokenizer."""
from __future__ import annotations

import pytest

from assay_client.reference.tasks import problem, prompt_text, worked_solution
from assay_client.reference.tokenizer import BOS, EOS, PAD, CharTokenizer


def test_round_trip_of_every_character_and_of_worked_solutions():
    tok = CharTokenizer()
    assert tok.decode(tok.encode(tok.alphabet)) == tok.alphabet
    assert len(set(tok.encode(tok.alphabet))) == len(tok.alphabet) == tok.vocab_size - 3
    for i in range(50):
        p = problem(3, "train", i)
        for use_tool in (False, True):
            text = prompt_text(p) + "".join(t for t, _ in worked_solution(p, use_tool))
            assert tok.decode(tok.encode(text)) == text


def test_special_ids_are_reserved_and_skipped():
    tok = CharTokenizer()
    assert (PAD, BOS, EOS) == (0, 1, 2)
    assert min(tok.encode("a\n ~")) > EOS
    assert tok.decode([BOS] + tok.encode("x=1") + [EOS, PAD]) == "x=1"
    assert tok.token_text(EOS) == ""


def test_characters_outside_the_alphabet_are_an_error():
    with pytest.raises(ValueError, match="not in the tokenizer's alphabet"):
        CharTokenizer().encode("x ≤ 2")
