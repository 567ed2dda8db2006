#!/usr/bin/env bash
# The main job of `make demo`: prepare a dataset from DEMO_VIDEO, train an avatar on it with the
# fast preset, and make it say the video's own audio. Prints the path of the resulting mp4.
set -euo pipefail
being="$1"
video="${DEMO_VIDEO:-../shared/fixtures/video/aoc_8s_512.mp4}"
out="${DEMO_OUT:-out/demo}"

if [ ! -f "$video" ]; then
  echo "demo: no video at $video; run \`make demo DEMO_VIDEO=your-video.mp4\` (5-60 s of one person talking)" >&2
  exit 1
fi

echo "demo: being prepare $video -o $out/dataset"
"$being" prepare "$video" -o "$out/dataset"
echo "demo: being train $out/dataset -o $out/avatar --preset fast"
if [ -f "$out/avatar/checkpoint/state.json" ]; then
  "$being" train "$out/dataset" -o "$out/avatar" --preset fast --resume
else
  "$being" train "$out/dataset" -o "$out/avatar" --preset fast
fi
echo "demo: being generate $out/avatar --audio $video -o $out/demo.mp4"
"$being" generate "$out/avatar" --audio "$video" -o "$out/demo.mp4"
echo "demo: wrote $out/demo.mp4"
