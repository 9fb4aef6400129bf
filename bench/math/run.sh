#!/usr/bin/env bash
# Assay vs Math-Verify 0.9.0 on the hand-labelled math pairs, plus Assay throughput.
#
#   bench/math/run.sh                    full bench (needs `assay math grade`)
#   bench/math/run.sh --mathverify-only  only the Math-Verify half
#
# Environment: LABELS (default examples/math/labelled.jsonl),
#              THROUGHPUT_LINES (default 200000), THROUGHPUT_JOBS (default 1,2).
# Results (gitignored): bench/math/results/{mathverify,assay}.jsonl,
#                       throughput.json, wrong-<grader>.txt, table.txt
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
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
  -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
  echo "== swift build -c release --product assay" >&2
  (cd "$ROOT" && swift build -c release --product assay >&2)
  ASSAY="$(cd "$ROOT" && swift build -c release --show-bin-path)/assay"
  if ! printf '{"gold":"1","completion":"\\\\boxed{1}"}\n' | "$ASSAY" math grade - 2>/dev/null | grep -q '"verdict"'; then
    echo "run.sh: '$ASSAY math grade' is not available on this branch; run with --mathverify-only" >&2
    exit 1
  fi
fi

# (c) Both graders over the labelled file, one pair at a time.
N="$(grep -c . "$LABELS")"
echo "== Math-Verify 0.9.0 on $N labelled pairs (single process)" >&2
"$VENV/bin/python" "$HERE/mathverify_grade.py" "$LABELS" "$RESULTS/mathverify.jsonl"
RESULT_ARGS=(--result "Math-Verify 0.9.0=$RESULTS/mathverify.jsonl")
THROUGHPUT_ARGS=()
if [ "$MV_ONLY" -eq 0 ]; then
  echo "== assay math grade on $N labelled pairs (--jobs 1)" >&2
  "$ASSAY" math grade "$LABELS" --output "$RESULTS/assay.jsonl" --jobs 1
  RESULT_ARGS+=(--result "Assay=$RESULTS/assay.jsonl")
  echo "== throughput: $THROUGHPUT_LINES typical pairs, --jobs $THROUGHPUT_JOBS" >&2
  python3 "$HERE/throughput.py" "$ASSAY" "$RESULTS/throughput.json" \
    --lines "$THROUGHPUT_LINES" --jobs "$THROUGHPUT_JOBS"
  THROUGHPUT_ARGS=(--throughput "$RESULTS/throughput.json")
fi

# (d) One table.
echo >&2
python3 "$HERE/compare.py" --labels "$LABELS" "${RESULT_ARGS[@]}" "${THROUGHPUT_ARGS[@]}" \
  --out-dir "$RESULTS" | tee "$RESULTS/table.txt"
