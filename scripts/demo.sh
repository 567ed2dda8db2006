#!/usr/bin/env bash
# The main job of `make demo`: prepare a dataset from DEMO_VIDEO, train an avatar on it, and make
# it speak. A stage that is not built yet exits with status 2 before doing anything; the demo then
# stops there and says what remains, so nothing pretends to have run.
set -uo pipefail
being="$1"
video="${DEMO_VIDEO:-../shared/fixtures/video/aoc_8s_512.mp4}"
out="${DEMO_OUT:-out/demo}"

if [ ! -f "$video" ]; then
  echo "demo: no video at $video; run \`make demo DEMO_VIDEO=your-video.mp4\` (5-60 s of one person talking)" >&2
  exit 1
fi

stages=(prepare train generate)
run_stage() {
  local stage="$1"; shift
  echo "demo: being $stage $*"
  "$being" "$stage" "$@"
  local status=$?
  if [ $status -eq 2 ]; then
    local index remaining=()
    for index in "${!stages[@]}"; do [ "${stages[$index]}" = "$stage" ] && remaining=("${stages[@]:$index}"); done
    echo
    echo "demo: stopped: still to be built: ${remaining[*]} (then eval and serve)."
    exit 0
  fi
  [ $status -eq 0 ] || { echo "demo: being $stage failed (status $status)" >&2; exit $status; }
}

run_stage prepare "$video" -o "$out/dataset"
run_stage train "$out/dataset" -o "$out/avatar" --preset fast
run_stage generate "$out/avatar" --audio "$video" -o "$out/demo.mp4"
echo "demo: wrote $out/demo.mp4"
