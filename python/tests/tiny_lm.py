"""A tiny randomly initialised causal LM and a word-level tokenizer, built in code and saved to
a directory, so TRL's trainers can run on CPU with nothing downloaded.

The vocabulary is a handful of words, the digits, and one token per ``\\boxed{d}``: a random
model then ends some completions with the right boxed digit and most with a wrong one, so Assay
hands out a mix of rewards 1 and 0 that GRPO can learn from.
"""
from __future__ import annotations

import os

# Nothing may be downloaded at run time: the Hugging Face libraries read these when imported.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_DATASETS_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"

from pathlib import Path  # noqa: E402

from tokenizers import Tokenizer, decoders, models, pre_tokenizers  # noqa: E402
from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast  # noqa: E402

SPECIAL = ["[PAD]", "[UNK]", "[EOS]"]
WORDS = ["what", "is", "plus", "times", "?", "so", "the", "answer", "user:", "assistant:"]
DIGITS = [str(d) for d in range(10)]
BOXED = [f"\\boxed{{{d}}}" for d in range(10)]

# Renders each message as "role: content" and, for generation, ends with "assistant:".
CHAT_TEMPLATE = (
    "{% for message in messages %}{{ message['role'] }}: {{ message['content'] }} {% endfor %}"
    "{% if add_generation_prompt %}assistant: {% endif %}"
)


def build_tiny_lm(directory: Path, seed: int = 0) -> Path:
    """Saves a 1-layer Llama (hidden size 32, random weights) and its tokenizer under ``directory``."""
    import torch

    vocabulary = {token: index for index, token in enumerate(SPECIAL + WORDS + DIGITS + BOXED)}
    backend = Tokenizer(models.WordLevel(vocab=vocabulary, unk_token="[UNK]"))
    backend.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    backend.decoder = decoders.WordPiece(prefix="##", cleanup=False)  # joins words with spaces
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=backend, pad_token="[PAD]", unk_token="[UNK]",
                                        eos_token="[EOS]")
    tokenizer.chat_template = CHAT_TEMPLATE
    torch.manual_seed(seed)
    config = LlamaConfig(vocab_size=len(vocabulary), hidden_size=32, intermediate_size=64, num_hidden_layers=1,
                         num_attention_heads=2, num_key_value_heads=2, max_position_embeddings=128,
                         pad_token_id=vocabulary["[PAD]"], eos_token_id=vocabulary["[EOS]"], bos_token_id=None,
                         tie_word_embeddings=True)
    model = LlamaForCausalLM(config)
    model.generation_config.pad_token_id = config.pad_token_id
    model.generation_config.eos_token_id = config.eos_token_id
    directory.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(directory)
    tokenizer.save_pretrained(directory)
    return directory
