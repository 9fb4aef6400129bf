"""The reference loop's word problems: determinism, exact gold answers, disjoint splits."""
from __future__ import annotations


import pytest

from assay_client.reference.batching import SFTMix, sft_example
from assay_client.reference.tasks import (TEMPLATES, problem, split_of, tool_output_block, worked_solution)
from assay_client.reference.tokenizer import CharTokenizer


def test_same_seed_split_and_index_give_the_same_problem():
    assert problem(7, "train", 12) == problem(7, "train", 12)
    assert problem(7, "train", 12) != problem(8, "train", 12)
    assert problem(7, "train", 12) != problem(7, "train", 13)


def test_gold_answers_are_exact_and_match_the_python_expression_and_the_worked_steps():
    seen = set()
    for i in range(600):
        p = problem(0, "train" if i % 2 else "heldout", i)
        seen.add(p.template)
        assert int(p.gold) == eval(p.expression)  # the expression the tool solution prints
        for step in p.steps:  # every hand-computed step is arithmetically right
            lhs, value = step.rsplit(" = ", 1)
            lhs = lhs.split(" = ")[-1].replace("/", "//")
            assert eval(lhs) == int(value), step
        assert p.steps[-1].endswith(" " + p.gold)
    assert seen == set(TEMPLATES)


def test_splits_are_disjoint_and_follow_the_text():
    train = {problem(1, "train", i).text for i in range(1500)}
    heldout = {problem(1, "heldout", i).text for i in range(1500)}
    assert not train & heldout
    assert all(split_of(t) == "train" for t in train) and all(split_of(t) == "heldout" for t in heldout)
    with pytest.raises(ValueError, match="split"):
        problem(1, "test", 0)


def test_sft_examples_train_the_model_text_but_not_the_tool_output():
    tok = CharTokenizer()
    p = problem(0, "train", 5)
    ids, mask = sft_example(tok, p, use_tool=True)
    assert ids[0] == tok.bos_id and ids[-1] == tok.eos_id and mask[-1]
    trained = tok.decode(i for i, m in zip(ids, mask) if m)
    untrained = tok.decode(i for i, m in zip(ids, mask) if not m)
    assert trained.startswith("```python\nprint(") and trained.endswith("\\boxed{" + p.gold + "}.")
    assert tool_output_block(p.gold + "\n", None) in untrained and untrained.startswith("Q: ")
    by_hand = tok.decode(sft_example(tok, p, use_tool=False)[0])
    assert "```" not in by_hand and p.steps[0] in by_hand
    assert "\\boxed{" + p.gold + "}" in "".join(t for t, _ in worked_solution(p, False))


def test_sft_mix_teaches_the_tool_decision_at_its_rate_and_the_tool_path_more_often():
    tok = CharTokenizer()
    mix = SFTMix(0, tool_fraction=0.15, tool_path_fraction=0.25)
    modes = [mix.mode(i) for i in range(4000)]
    decided = [use for use, trained in modes if trained]
    assert 0.13 < sum(decided) / len(decided) < 0.17                       # the choice: 15 % Python
    assert 0.33 < sum(use for use, _ in modes) / len(modes) < 0.39          # the skill: ~36 % use Python
    assert all(use for use, trained in modes if not trained)
    assert mix.mode(11) == SFTMix(0, 0.15, 0.25).mode(11)
    p = problem(0, "train", 5)
    ids, trained = sft_example(tok, p, use_tool=True, train_decision=False)
    first = ids.index(tok.encode("`")[0])
    assert not trained[first] and trained[first + 1]
    assert sft_example(tok, p, use_tool=True)[1][first]
    with pytest.raises(ValueError, match="tool_fraction"):
        SFTMix(0, 1.5)


def test_tool_output_block_shows_errors_and_truncates():
    assert tool_output_block("42\n", None) == "\n```output\n42\n```\n"
    assert tool_output_block("", "ZeroDivisionError: division by zero") == "\n```output\nZeroDivisionError: division by zero\n```\n"
    assert tool_output_block("9" * 500, None).count("9") == 80
