"""A character tokenizer built in code: printable ASCII and newline, plus PAD, BOS and EOS."""
from __future__ import annotations

from typing import Iterable, Sequence

PAD, BOS, EOS = 0, 1, 2
_SPECIALS = 3
_ALPHABET = "\n" + "".join(chr(c) for c in range(32, 127))


class CharTokenizer:
    """Maps each character of a fixed alphabet to one id; ids 0–2 are PAD, BOS and EOS.

    The alphabet is fixed (not learned from data), so a checkpoint's vocabulary never depends on
    the corpus it saw. Characters outside it are an error, never silently dropped.
    """

    pad_id, bos_id, eos_id = PAD, BOS, EOS

    def __init__(self) -> None:
        self.alphabet = _ALPHABET
        self._ids = {ch: i + _SPECIALS for i, ch in enumerate(self.alphabet)}

    @property
    def vocab_size(self) -> int:
        return len(self.alphabet) + _SPECIALS

    def encode(self, text: str) -> list[int]:
        """The ids of ``text``, one per character (no BOS/EOS)."""
        try:
            return [self._ids[ch] for ch in text]
        except KeyError as error:
            raise ValueError(f"character {error.args[0]!r} is not in the tokenizer's alphabet "
                             "(printable ASCII and newline)") from None

    def decode(self, ids: Iterable[int]) -> str:
        """The text of ``ids``; special ids are skipped."""
        return "".join(self.alphabet[i - _SPECIALS] for i in ids if i >= _SPECIALS)

    def token_text(self, token: int) -> str:
        """The text of one id ('' for a special id)."""
        return self.alphabet[token - _SPECIALS] if token >= _SPECIALS else ""


def pad_right(rows: Sequence[Sequence[int]], pad: int = PAD) -> tuple[list[list[int]], int]:
    """Right-pads rows to the longest; returns the rows and that length."""
    width = max(len(r) for r in rows)
    return [list(r) + [pad] * (width - len(r)) for r in rows], width
