#!/usr/bin/env bash
# Assay vs Math-Verify 0.9.0 on the hand-labelled math pairs, plus Assay throughput.
#
#   bench/math/run.sh                    full bench (needs `assay math grade`)
#   bench/math/run.sh --mathverify-only  only the Math-Verify half
#
# Environment: LABELS (default: examples/math/labelled.jsonl, then examples/math/heldout.jsonl),
#              THROUGHPUT_LINES (default 200000), THROUGHPUT_JOBS (default 1,2),
#              ASSAY (an assay binary to bench instead of building one).
# Results (gitignored): bench/math/results/<set>/{mathverify,assay}.jsonl and wrong-<grader>.txt,
#                       results/throughput.json, results/table.txt
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
LABELS_GIVEN="${LABELS:-}"
LABELS="${LABELS:-$ROOT/examples/math/labelled.jsonl}"
RESULTS="$HERE/results"
VENV="$HERE/.venv"
THROUGHPUT_LINES="${THROUGHPUT_LINES:-200000}"
THROUGHPUT_JOBS="${THROUGHPUT_JOBS:-1,2}"
MV_SPEC='math-verify[antlr4-13-2]==0.9.0'

MV_ONLY=0
case "${1:-}" in
  "") ;;
  --mathverify-only) MV_ONLY=1 ;;
  -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "run.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
esac

[ -f "$LABELS" ] || { echo "run.sh: no labelled file at $LABELS" >&2; exit 1; }
mkdir -p "$RESULTS"

# (a) Math-Verify 0.9.0 in a local venv (the antlr4-13-2 extra pins antlr4-python3-runtime 4.13.2).
if [ ! -x "$VENV/bin/python" ]; then
  echo "== creating $VENV" >&2
  python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" - <<'EOF' 2>/dev/null
import importlib.metadata as m
assert m.version("math-verify") == "0.9.0"
assert m.version("antlr4-python3-runtime") == "4.13.2"
EOF
then
  echo "== installing $MV_SPEC" >&2
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "$MV_SPEC"
fi

# (b) Assay, release build.
if [ "$MV_ONLY" -eq 0 ]; then
  if [ -n "${ASSAY:-}" ]; then
    echo "== using ASSAY=$ASSAY (no build)" >&2
  else
    echo "== swift build -c release --product assay" >&2
    (cd "$ROOT" && swift build -c release --product assay >&2)
    ASSAY="$(cd "$ROOT" && swift build -c release --show-bin-path)/assay"
  fi
  if ! printf '{"gold":"1","completion":"\\\\boxed{1}"}\n' | "$ASSAY" math grade - 2>/dev/null | grep -q '"verdict"'; then
    echo "run.sh: '$ASSAY math grade' is not available on this branch; run with --mathverify-only" >&2
    exit 1
  fi
fi

# (c) Both graders over each labelled file, one pair at a time: the labelled set and, unless
#     LABELS was given, the held-out set (pairs written after the grader was tuned on the first).
SETS=("labelled:$LABELS")
if [ -z "${LABELS_GIVEN:-}" ] && [ -f "$ROOT/examples/math/heldout.jsonl" ]; then
  SETS+=("heldout:$ROOT/examples/math/heldout.jsonl")
fi
for set in "${SETS[@]}"; do
  tag="${set%%:*}"; file="${set#*:}"
  mkdir -p "$RESULTS/$tag"
  N="$(grep -c . "$file")"
  echo "== Math-Verify 0.9.0 on $N $tag pairs (single process)" >&2
  "$VENV/bin/python" "$HERE/mathverify_grade.py" "$file" "$RESULTS/$tag/mathverify.jsonl"
  if [ "$MV_ONLY" -eq 0 ]; then
    echo "== assay math grade on $N $tag pairs (--jobs 1)" >&2
    "$ASSAY" math grade "$file" --output "$RESULTS/$tag/assay.jsonl" --jobs 1
  fi
done
THROUGHPUT_ARGS=()
if [ "$MV_ONLY" -eq 0 ]; then
  echo "== throughput: $THROUGHPUT_LINES typical pairs, --jobs $THROUGHPUT_JOBS" >&2
  python3 "$HERE/throughput.py" "$ASSAY" "$RESULTS/throughput.json" \
    --lines "$THROUGHPUT_LINES" --jobs "$THROUGHPUT_JOBS"
  THROUGHPUT_ARGS=(--throughput "$RESULTS/throughput.json")
fi

# (d) The tables (throughput with the last one), also in results/table.txt.
echo >&2
{
  last="${SETS[${#SETS[@]}-1]}"
  for set in "${SETS[@]}"; do
    tag="${set%%:*}"; file="${set#*:}"
    args=(--labels "$file" --title "$tag: $(basename "$file")" --out-dir "$RESULTS/$tag"
          --result "Math-Verify 0.9.0=$RESULTS/$tag/mathverify.jsonl")
    [ "$MV_ONLY" -eq 0 ] && args+=(--result "Assay=$RESULTS/$tag/assay.jsonl")
    [ "$set" = "$last" ] && args+=("${THROUGHPUT_ARGS[@]}")
    python3 "$HERE/compare.py" "${args[@]}"
  done
} | tee "$RESULTS/table.txt"
