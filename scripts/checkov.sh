#!/usr/bin/env bash
# Install the pinned Checkov (PyPI) into a virtualenv cached outside the clone, and print its executable.
#
# stdout: exactly one line, the path of the checkov executable (the LAST line printed).
# stderr: diagnostics.
#
#   bash scripts/checkov.sh            install when missing or when the pin changed, then print the path
#   bash scripts/checkov.sh --locate   install nothing: print the path if the pinned version is installed, else exit 3
#
# Environment:
#   TLSFLEET_CACHE   cache root (default: $HOME/.cache/tlsfleet); the virtualenv is $TLSFLEET_CACHE/checkov/venv
#   PYTHON           interpreter for the virtualenv (default: python3; Checkov needs 3.9 to 3.13)
set -euo pipefail

# The one place the version is pinned. Changing it reinstalls the virtualenv on the next run.
CHECKOV_VERSION=3.3.30

log() { printf 'checkov.sh: %s\n' "$*" >&2; }
die() { printf 'checkov.sh: ERROR: %s\n' "$*" >&2; exit 1; }

root="${TLSFLEET_CACHE:-$HOME/.cache/tlsfleet}/checkov"
venv="$root/venv"
stamp="$venv/.tlsfleet-checkov-version"   # written last: a venv without it is a failed install
bin="$venv/bin/checkov"

installed() { [[ -x "$bin" && -f "$stamp" && "$(cat "$stamp")" == "$CHECKOV_VERSION" ]]; }

if [[ "${1:-}" == "--locate" ]]; then
  if installed; then echo "$bin"; exit 0; fi
  log "checkov $CHECKOV_VERSION is not installed under $venv (run: bash .ci/run, or bash scripts/checkov.sh)"
  exit 3
fi
[[ $# -eq 0 ]] || die "unknown argument: $1"

mkdir -p "$root"
# Serialise concurrent runs: two pip installs into one venv corrupt it.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$root/.lock"
  flock -n 9 || { log "another run holds $root/.lock; waiting for it"; flock 9; }
fi

if installed; then
  log "checkov $CHECKOV_VERSION: cached in $venv"
  echo "$bin"
  exit 0
fi

python="${PYTHON:-python3}"
command -v "$python" >/dev/null 2>&1 || die "$python is required to install checkov; not found on PATH"
log "checkov $CHECKOV_VERSION: installing into $venv (was: $(cat "$stamp" 2>/dev/null || echo none))"
rm -rf "$venv"
"$python" -m venv "$venv" || die "could not create a virtualenv with $python (Debian: apt-get install python3-venv)"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input "checkov==$CHECKOV_VERSION" >&2 \
  || die "pip could not install checkov==$CHECKOV_VERSION"
# What pip resolved besides the pin, for the record when a dependency update changes results.
"$venv/bin/python" -m pip freeze --disable-pip-version-check >"$venv/.tlsfleet-pip-freeze.txt"
actual="$("$bin" --version 2>/dev/null | tail -n1)"
[[ "$actual" == "$CHECKOV_VERSION" ]] || die "installed checkov reports version '$actual', expected $CHECKOV_VERSION"
echo "$CHECKOV_VERSION" >"$stamp"
log "checkov $CHECKOV_VERSION: installed"
echo "$bin"
