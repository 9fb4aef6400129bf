"""Content digests of ``load_inline``/``load`` arguments, shared with the compile service.

The worker accepts a prebuilt artifact for a candidate's ``load_inline(name=..., ...)`` call only
when the artifact map has an entry for that ``name`` whose ``digest`` equals the digest of the
call's actual arguments, so an artifact built from other sources is refused. The compile service
(Swift) must compute the same bytes; the framing is deliberately trivial to reimplement:

```
"assay-load-inline-v1\n"                      (or "assay-load-v1\n" for load())
for each field, in this order:
    "<field> <count>\n"
    for each string s of the field:  "<len(utf8(s))>\n" + utf8(s) + "\n"
digest = lowercase hex SHA-256 of all those bytes
```

Fields for ``load_inline``: ``cpp_sources``, ``cuda_sources``, ``functions``, ``extra_cflags``,
``extra_cuda_cflags``, ``extra_ldflags``, ``extra_include_paths``. For ``load``: ``sources``
(the *contents* of the listed files, in order) then the four ``extra_*`` fields. Normalisation,
as ``load_inline`` itself does: ``None`` is the empty list, a single string is a one-item list;
``functions`` given as a dict ``{name: docstring}`` becomes ``["name\\u0000docstring", ...]`` in
the dict's order. The ``name`` argument is not part of the digest: it is the map's key.
Test vectors are in ``worker/README.md`` and ``tests/test_digest.py``.
"""

from __future__ import annotations

import hashlib
from typing import Any, Iterable, Mapping

LOAD_INLINE_MAGIC = b"assay-load-inline-v1\n"
LOAD_MAGIC = b"assay-load-v1\n"
FLAG_FIELDS = ("extra_cflags", "extra_cuda_cflags", "extra_ldflags", "extra_include_paths")
LOAD_INLINE_FIELDS = ("cpp_sources", "cuda_sources", "functions") + FLAG_FIELDS
LOAD_FIELDS = ("sources",) + FLAG_FIELDS


class DigestError(TypeError):
    """An argument of a type ``load_inline`` would not accept either."""


def normalize_strings(field: str, value: Any) -> list[str]:
    """``None`` -> ``[]``, ``str`` -> ``[str]``, a list/tuple of str -> list; else an error."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return list(value)
    raise DigestError(f"{field} must be a string or a list of strings, got {type(value).__name__}")


def normalize_functions(value: Any) -> list[str]:
    """``functions`` as a list of strings (dict entries become ``name\\0docstring``)."""
    if isinstance(value, Mapping):
        items = []
        for key, doc in value.items():
            if not isinstance(key, str) or not isinstance(doc, str):
                raise DigestError("functions dict must map str to str")
            items.append(f"{key}\x00{doc}")
        return items
    return normalize_strings("functions", value)


def _frame(magic: bytes, fields: Iterable[tuple[str, list[str]]]) -> str:
    h = hashlib.sha256(magic)
    for field, items in fields:
        h.update(f"{field} {len(items)}\n".encode("ascii"))
        for s in items:
            b = s.encode("utf-8")
            h.update(f"{len(b)}\n".encode("ascii"))
            h.update(b)
            h.update(b"\n")
    return h.hexdigest()


def load_inline_digest(
    cpp_sources: Any = None, cuda_sources: Any = None, functions: Any = None,
    extra_cflags: Any = None, extra_cuda_cflags: Any = None, extra_ldflags: Any = None,
    extra_include_paths: Any = None,
) -> str:
    """Digest of a ``load_inline`` call's sources, functions and extra flags."""
    values = {
        "cpp_sources": normalize_strings("cpp_sources", cpp_sources),
        "cuda_sources": normalize_strings("cuda_sources", cuda_sources),
        "functions": normalize_functions(functions),
        "extra_cflags": normalize_strings("extra_cflags", extra_cflags),
        "extra_cuda_cflags": normalize_strings("extra_cuda_cflags", extra_cuda_cflags),
        "extra_ldflags": normalize_strings("extra_ldflags", extra_ldflags),
        "extra_include_paths": normalize_strings("extra_include_paths", extra_include_paths),
    }
    return _frame(LOAD_INLINE_MAGIC, ((f, values[f]) for f in LOAD_INLINE_FIELDS))


def load_digest(
    source_contents: Any, extra_cflags: Any = None, extra_cuda_cflags: Any = None,
    extra_ldflags: Any = None, extra_include_paths: Any = None,
) -> str:
    """Digest of a ``load`` call: the contents of its source files plus its extra flags."""
    values = {
        "sources": normalize_strings("sources", source_contents),
        "extra_cflags": normalize_strings("extra_cflags", extra_cflags),
        "extra_cuda_cflags": normalize_strings("extra_cuda_cflags", extra_cuda_cflags),
        "extra_ldflags": normalize_strings("extra_ldflags", extra_ldflags),
        "extra_include_paths": normalize_strings("extra_include_paths", extra_include_paths),
    }
    return _frame(LOAD_MAGIC, ((f, values[f]) for f in LOAD_FIELDS))
