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

# A throwaway module that requires <module>@<version> and points each module the release replaces with a relative
# path at its published version. Args: name, module, version, version of the replaced modules, the replaced modules.
wrapper_module() {
  local name="$1" module="$2" version="$3" replaced_version="$4"
  shift 4
  mkdir -p "$work/$name"
  {
    echo "module tlsfleet.local/$name"
    echo "go 1.24.0"
    echo "require $module $version"
    for m in "$@"; do echo "replace $m => $m $replaced_version"; done
  } >"$work/$name/go.mod"
}

# Builds packages from a wrapper module. Args: name (of the module and its log), module@version, then output=package.
build_from() {
  local name="$1" modver="$2" out pkg
  shift 2
  log "building ${modver} (log $root/logs/$name.log)"
  if ! (cd "$work/$name" && go get "$modver" && for target in "$@"; do
          out="${target%%=*}"; pkg="${target#*=}"
          go build -trimpath -ldflags="-s -w" -o "$bin/$out.tmp" "$pkg" || exit 1
        done) >"$root/logs/$name.log" 2>&1; then
    tail -n 40 "$root/logs/$name.log" >&2
    die "building $modver failed (log: $root/logs/$name.log)"
  fi
}

mod_file() { # module version -> its go.mod from the proxy
  curl -fsS -m 60 "$proxy/$1/@v/$2.mod" || die "cannot read $1@$2 go.mod from $proxy"
}

# --- kube-apiserver and kubectl (about 8 minutes cold on 2 cores) ----------------------------------------------
staging="$(mod_file k8s.io/kubernetes "$KUBE_VERSION" | sed -n -E 's#^[[:space:]]*(k8s\.io/[a-z0-9-]+) => \./staging/.*#\1#p')"
[[ -n "$staging" ]] || die "no staging replaces found in k8s.io/kubernetes@$KUBE_VERSION go.mod"
# shellcheck disable=SC2086
wrapper_module kube k8s.io/kubernetes "$KUBE_VERSION" "v0.${KUBE_VERSION#v1.}" $staging
start="$(date +%s)"
build_from kube "k8s.io/kubernetes@$KUBE_VERSION" kube-apiserver=k8s.io/kubernetes/cmd/kube-apiserver kubectl=k8s.io/kubernetes/cmd/kubectl
kube_seconds=$(( $(date +%s) - start ))

# --- etcd ------------------------------------------------------------------------------------------------------
siblings="$(mod_file go.etcd.io/etcd/server/v3 "$ETCD_VERSION" | sed -n -E 's#^[[:space:]]*(go\.etcd\.io/etcd/[a-z0-9/]+/v3) => \.\./.*#\1#p')"
# shellcheck disable=SC2086
wrapper_module etcd go.etcd.io/etcd/server/v3 "$ETCD_VERSION" "$ETCD_VERSION" $siblings
start="$(date +%s)"
build_from etcd "go.etcd.io/etcd/server/v3@$ETCD_VERSION" etcd=go.etcd.io/etcd/server/v3
etcd_seconds=$(( $(date +%s) - start ))

for b in kube-apiserver kubectl etcd; do mv -f "$bin/$b.tmp" "$bin/$b"; done
printf 'kubernetes=%s etcd=%s go=%s kube_build_seconds=%s etcd_build_seconds=%s\n' \
  "$KUBE_VERSION" "$ETCD_VERSION" "$(go env GOVERSION)" "$kube_seconds" "$etcd_seconds" >"$bin/BUILD-INFO"
log "built: $(cat "$bin/BUILD-INFO")"
echo "$bin"
