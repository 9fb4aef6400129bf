import hashlib

import pytest

from assay_worker import digest

# Test vectors shared with the compile service (also in worker/README.md).
VECTORS = [
    ((), {}, "04a5a9895dfed60869820836c0530e75de43c57b78c507e6da46bd80948ffe98"),
    (("int f();", "__global__ void k(){}", ["f"]), {}, "0b5bc5825db9b8b0d4918375556f58c8d1edd23be5bdb696d2545e0fee663051"),
    ((["int f();"], ["__global__ void k(){}"], "f", None, ["-O3", "--use_fast_math"]), {},
     "92c5304fcd6ef9ec153a8dd7d2bcfff7a2981903bad82690a84e7c5c7d7dc550"),
    (("", "é", {"f": "doc"}), {}, "5562dea89b355fb703e48d4fc041874e5546b2875cbe3aa037f916ad05ced6e4"),
]


@pytest.mark.parametrize("args, kwargs, expected", VECTORS)
def test_vectors(args, kwargs, expected):
    assert digest.load_inline_digest(*args, **kwargs) == expected


def test_framing_spelled_out_by_hand():
    body = b"assay-load-inline-v1\n"
    body += b"cpp_sources 1\n8\nint f();\n"
    body += b"cuda_sources 1\n21\n__global__ void k(){}\n"
    body += b"functions 1\n1\nf\n"
    for f in ("extra_cflags", "extra_cuda_cflags", "extra_ldflags", "extra_include_paths"):
        body += f"{f} 0\n".encode()
    assert digest.load_inline_digest("int f();", "__global__ void k(){}", ["f"]) == hashlib.sha256(body).hexdigest()


def test_utf8_lengths_are_bytes_not_characters():
    body = b"assay-load-inline-v1\ncpp_sources 1\n0\n\ncuda_sources 1\n2\n\xc3\xa9\nfunctions 1\n5\nf\x00doc\n"
    for f in ("extra_cflags", "extra_cuda_cflags", "extra_ldflags", "extra_include_paths"):
        body += f"{f} 0\n".encode()
    assert digest.load_inline_digest("", "é", {"f": "doc"}) == hashlib.sha256(body).hexdigest()


def test_normalisation_matches_load_inline():
    assert digest.load_inline_digest("a", "b", "f") == digest.load_inline_digest(["a"], ["b"], ["f"])
    assert digest.load_inline_digest("a", None, ["f"]) == digest.load_inline_digest("a", [], ["f"])


def test_any_change_changes_the_digest():
    base = digest.load_inline_digest("a", "b", ["f"])
    assert digest.load_inline_digest("a", "b ", ["f"]) != base
    assert digest.load_inline_digest("b", "a", ["f"]) != base           # moved between fields
    assert digest.load_inline_digest(["a", "b"], None, ["f"]) != base
    assert digest.load_inline_digest("a", "b", ["f", "g"]) != base
    assert digest.load_inline_digest("a", "b", ["f"], extra_cuda_cflags=["--use_fast_math"]) != base


def test_load_digest_differs_from_load_inline():
    assert digest.load_digest(["x"]) != digest.load_inline_digest("x")


def test_bad_types_are_refused():
    with pytest.raises(digest.DigestError):
        digest.load_inline_digest(cpp_sources=3)
    with pytest.raises(digest.DigestError):
        digest.load_inline_digest(functions={"f": 1})
