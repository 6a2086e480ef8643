#!/usr/bin/env bash
# The CI recipe (docs/ci/github-actions.yml) as one local command: synthesizes two commits of an app with
# `git worktree`, diffs their security posture with `tlsfleet diff` and writes the pull-request comment (the diff,
# then the head's report.md, cut to fit one 65,536-character comment) to a file.
#
#   scripts/review-comment.sh <base-ref> <head-ref> [example-dir]
#
# example-dir: the app directory (with cdktf.json) inside the repository, default the repository root.
# TLSFLEET_COMMENT: where the comment goes (default ./tlsfleet-comment.md); TLSFLEET_REVIEW_KEEP=<dir>: also copy
# both synths there (base/, head/), e.g. to upload head/tlsfleet/report.sarif.
# TLSFLEET_BIN: the tlsfleet command to run (default: this checkout's node_modules/.bin/tlsfleet, else this
# checkout's constructs/cli/tlsfleet.ts). The tool comes from the checkout the script runs in, not from the head
# commit: a pull request must not bring the tool that judges it.
#
# Each commit is synthesized the way `cdktf synth` runs an app: its cdktf.json `app` command in the app directory
# with CDKTF_OUTDIR set (no network, no Terraform). A worktree without node_modules uses this checkout's.
#
# Exit codes are tlsfleet diff's: 0 the comment is written and nothing weakens the posture, 1 written and
# something does, 2 nothing written (bad arguments, a synth that failed, an unreadable report).
set -euo pipefail

usage() { echo "usage: $0 <base-ref> <head-ref> [example-dir]" >&2; exit 2; }
[ "$#" -ge 2 ] && [ "$#" -le 3 ] || usage
base_ref=$1 head_ref=$2 example=${3:-.}
case "$example" in /*|*..*) echo "$0: example-dir must be a path inside the repository, got $example" >&2; exit 2 ;; esac

repo=$(git rev-parse --show-toplevel)
comment=${TLSFLEET_COMMENT:-$PWD/tlsfleet-comment.md}
work=$(mktemp -d "${TMPDIR:-/tmp}/tlsfleet-review.XXXXXX")
cleanup() {
  for side in base head; do
    [ -d "$work/$side" ] && git -C "$repo" worktree remove --force "$work/$side" >/dev/null 2>&1 || true
  done
  git -C "$repo" worktree prune >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

if [ -n "${TLSFLEET_BIN:-}" ]; then
  read -r -a tlsfleet <<<"$TLSFLEET_BIN"
elif [ -x "$repo/node_modules/.bin/tlsfleet" ]; then
  tlsfleet=("$repo/node_modules/.bin/tlsfleet")
elif [ -f "$repo/constructs/cli/tlsfleet.ts" ]; then
  tlsfleet=(node -r "$repo/scripts/ts-cache.js" "$repo/constructs/cli/tlsfleet.ts")
else
  echo "$0: no tlsfleet command: install tlsfleet (npm ci) or set TLSFLEET_BIN" >&2
  exit 2
fi

synth() { # <side> <ref>
  local side=$1 ref=$2 tree="$work/$1" app
  if ! git -C "$repo" worktree add --quiet --detach "$tree" "$ref" 2>"$work/$side.log"; then
    echo "$0: cannot check out $ref: $(cat "$work/$side.log")" >&2
    exit 2
  fi
  [ -e "$tree/node_modules" ] || [ ! -d "$repo/node_modules" ] || ln -s "$repo/node_modules" "$tree/node_modules"
  app="$tree/$example"
  if [ ! -f "$app/cdktf.json" ]; then
    echo "$0: $ref has no cdktf.json in $example" >&2
    exit 2
  fi
  local command
  command=$(node -e 'const c = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); if (typeof c.app !== "string" || !c.app) process.exit(1); process.stdout.write(c.app)' "$app/cdktf.json") \
    || { echo "$0: $ref: cdktf.json in $example has no app command" >&2; exit 2; }
  if ! (cd "$app" && CDKTF_OUTDIR="$work/$side-out" CHECKPOINT_DISABLE=1 sh -c "$command") >"$work/$side.log" 2>&1; then
    echo "$0: synth of $ref failed:" >&2
    tail -n 40 "$work/$side.log" >&2
    exit 2
  fi
}

synth base "$base_ref"
synth head "$head_ref"

status=0
"${tlsfleet[@]}" diff "$work/base-out" "$work/head-out" --with-report --output "$comment" || status=$?
if [ -n "${TLSFLEET_REVIEW_KEEP:-}" ]; then
  mkdir -p "$TLSFLEET_REVIEW_KEEP"
  rm -rf "$TLSFLEET_REVIEW_KEEP/base" "$TLSFLEET_REVIEW_KEEP/head"
  cp -R "$work/base-out" "$TLSFLEET_REVIEW_KEEP/base"
  cp -R "$work/head-out" "$TLSFLEET_REVIEW_KEEP/head"
fi
[ "$status" -le 1 ] && echo "comment written to $comment: $(head -n 1 "$comment")"
exit "$status"
