#!/usr/bin/env bash
# Installs everything `being` needs at run time on Debian or Ubuntu, given the Swift toolchain:
#   - from apt: ffmpeg + ffprobe, libturbojpeg, zlib headers (PNG), espeak-ng (--text), python3-venv when missing;
#   - from pip, into a private environment under $BEING_HOME/setup that is never used at run time:
#     ONNX Runtime, hama, MediaPipe's face models (converted to ONNX);
#   - everything lands in $BEING_HOME (default ~/.being) with a manifest of versions and sha256 sums.
# A second run checks all of it and does nothing. `--with-browser` also installs Debian's chromium,
# which only the browser test of `being serve`'s page needs (`make test` passes it).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BEING_HOME="${BEING_HOME:-$HOME/.being}"
venv="$BEING_HOME/setup/venv"
requirements="$here/setup-requirements.txt"
apt_packages=(ffmpeg libturbojpeg0 zlib1g-dev espeak-ng)
for argument in "$@"; do
  case "$argument" in
    --with-browser) apt_packages+=(chromium) ;;
    *) printf 'setup: error: unknown option %s (the only one is --with-browser)\n' "$argument" >&2; exit 2 ;;
  esac
done

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "root is needed to run: $* (run as root or install sudo)"; fi
}

missing_apt_packages() {
  local missing=()
  for package in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
  echo "${missing[@]:-}"
}

command -v apt-get >/dev/null || die "this setup supports Debian and Ubuntu (apt-get); elsewhere install ffmpeg, libturbojpeg and zlib yourself, then run scripts/install_runtime.py"
command -v python3 >/dev/null || apt_packages+=(python3)

changed=0
missing="$(missing_apt_packages)"
if [ -n "${missing// /}" ]; then
  say "installing from apt: $missing"
  as_root apt-get update -qq
  # shellcheck disable=SC2086
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  changed=1
fi

if [ -x "$venv/bin/python" ] && "$venv/bin/python" "$here/install_runtime.py" --check "$BEING_HOME" "$requirements" 2>/dev/null; then
  if [ "$changed" -eq 0 ]; then
    say "nothing to do: apt packages present, $BEING_HOME verified against its manifest"
  else
    say "apt packages installed; $BEING_HOME already complete"
  fi
  exit 0
fi

say "creating the setup environment in $venv"
mkdir -p "$BEING_HOME/setup"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -r "$requirements"
say "installing libraries and models into $BEING_HOME"
"$venv/bin/python" "$here/install_runtime.py" --install "$BEING_HOME" "$requirements"
say "done: run \`being doctor\` to check"
