#!/usr/bin/env bash
# Build a real Kubernetes API server (kube-apiserver, kubectl) and etcd with Go from the module proxy, cached.
#
# stdout: exactly one line, the LAST line printed: the directory holding kube-apiserver, kubectl and etcd.
# stderr: progress and build logs on failure.
#
# Environment:
#   TLSFLEET_CACHE             cache root (default: $HOME/.cache/tlsfleet); binaries in $TLSFLEET_CACHE/kube/<versions>/bin
#   TLSFLEET_KUBE_REBUILD=1    ignore the cached binaries and rebuild
#
# Why wrapper modules (DOMAIN.md section 3): k8s.io/kubernetes replaces its staging modules with ./staging/... paths and
# etcd's server module replaces its siblings with ../ paths, so `go install module@version` refuses both. A wrapper
# module that requires the release and points each replaced module at its published version builds the same source.
set -euo pipefail

KUBE_VERSION=v1.34.4     # staging modules are published as v0.<minor>.<patch>
ETCD_VERSION=v3.6.4      # the etcd version Kubernetes 1.34 is tested with

log() { printf 'kube-apiserver.sh: %s\n' "$*" >&2; }
die() { printf 'kube-apiserver.sh: ERROR: %s\n' "$*" >&2; exit 1; }

command -v go >/dev/null 2>&1 || die "go is required to build kube-apiserver and etcd; 'go' was not found on PATH"

cache_root="${TLSFLEET_CACHE:-$HOME/.cache/tlsfleet}"
root="$cache_root/kube/kubernetes-$KUBE_VERSION-etcd-$ETCD_VERSION"
bin="$root/bin"
mkdir -p "$bin" "$root/logs"

if command -v flock >/dev/null 2>&1; then
  exec 9>"$root/.lock"
  flock -n 9 || { log "another build holds $root/.lock; waiting for it"; flock 9; }
fi

if [[ "${TLSFLEET_KUBE_REBUILD:-}" != "1" && -x "$bin/kube-apiserver" && -x "$bin/kubectl" && -x "$bin/etcd" \
      && -f "$bin/BUILD-INFO" ]]; then
  log "cached: $(tr '\n' ' ' <"$bin/BUILD-INFO")"
  echo "$bin"
  exit 0
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/tlsfleet-kube.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export GOWORK=off GOFLAGS=-mod=mod CGO_ENABLED=0

proxy="$(go env GOPROXY | tr ',|' '\n\n' | grep -E '^https?://' | head -n1)"
[[ -n "$proxy" ]] || die "GOPROXY ($(go env GOPROXY)) has no http(s) proxy"

# --- kube-apiserver and kubectl --------------------------------------------------------------------------------
staging_minor="v0.${KUBE_VERSION#v1.}"
kmod="$(curl -fsS -m 60 "$proxy/k8s.io/kubernetes/@v/$KUBE_VERSION.mod")" || die "cannot read k8s.io/kubernetes@$KUBE_VERSION go.mod"
staging="$(printf '%s\n' "$kmod" | sed -n -E 's#^[[:space:]]*(k8s\.io/[a-z0-9-]+) => \./staging/.*#\1#p')"
[[ -n "$staging" ]] || die "no staging replaces found in k8s.io/kubernetes@$KUBE_VERSION go.mod"
mkdir -p "$work/kube"
{
  echo "module tlsfleet.local/kube"
  echo "go 1.24.0"
  echo "require k8s.io/kubernetes $KUBE_VERSION"
  for m in $staging; do echo "replace $m => $m $staging_minor"; done
} >"$work/kube/go.mod"
start="$(date +%s)"
log "building kube-apiserver and kubectl $KUBE_VERSION (about 5 minutes cold; log $root/logs/kube.log)"
if ! (cd "$work/kube" && go get "k8s.io/kubernetes@$KUBE_VERSION" \
        && go build -trimpath -ldflags="-s -w" -o "$bin/kube-apiserver.tmp" k8s.io/kubernetes/cmd/kube-apiserver \
        && go build -trimpath -ldflags="-s -w" -o "$bin/kubectl.tmp" k8s.io/kubernetes/cmd/kubectl) \
        >"$root/logs/kube.log" 2>&1; then
  tail -n 40 "$root/logs/kube.log" >&2
  die "building kube-apiserver failed (log: $root/logs/kube.log)"
fi
kube_seconds=$(( $(date +%s) - start ))

# --- etcd ------------------------------------------------------------------------------------------------------
emod="$(curl -fsS -m 60 "$proxy/go.etcd.io/etcd/server/v3/@v/$ETCD_VERSION.mod")" || die "cannot read etcd server $ETCD_VERSION go.mod"
siblings="$(printf '%s\n' "$emod" | sed -n -E 's#^[[:space:]]*(go\.etcd\.io/etcd/[a-z0-9/]+/v3) => \.\./.*#\1#p')"
mkdir -p "$work/etcd"
{
  echo "module tlsfleet.local/etcd"
  echo "go 1.24.0"
  echo "require go.etcd.io/etcd/server/v3 $ETCD_VERSION"
  for m in $siblings; do echo "replace $m => $m $ETCD_VERSION"; done
} >"$work/etcd/go.mod"
start="$(date +%s)"
log "building etcd $ETCD_VERSION (log $root/logs/etcd.log)"
if ! (cd "$work/etcd" && go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION" \
        && go build -trimpath -ldflags="-s -w" -o "$bin/etcd.tmp" go.etcd.io/etcd/server/v3) \
        >"$root/logs/etcd.log" 2>&1; then
  tail -n 40 "$root/logs/etcd.log" >&2
  die "building etcd failed (log: $root/logs/etcd.log)"
fi
etcd_seconds=$(( $(date +%s) - start ))

for b in kube-apiserver kubectl etcd; do mv -f "$bin/$b.tmp" "$bin/$b"; done
printf 'kubernetes=%s etcd=%s go=%s kube_build_seconds=%s etcd_build_seconds=%s\n' \
  "$KUBE_VERSION" "$ETCD_VERSION" "$(go env GOVERSION)" "$kube_seconds" "$etcd_seconds" >"$bin/BUILD-INFO"
log "built: $(cat "$bin/BUILD-INFO")"
echo "$bin"
