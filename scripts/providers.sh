#!/usr/bin/env bash
# Make hashicorp/tls 4.1.0 and hashicorp/kubernetes 2.38.0 available to terraform without the registry.
#
# stdout: exactly one line, the LAST line printed:
#   - the mirror directory to pass as `terraform init -plugin-dir=<mirror>`, or
#   - an empty line when registry.terraform.io is reachable (plain `terraform init` works; nothing is built).
# stderr: diagnostics, including a loud WARNING when a provider could not be built from its pinned source.
#
# Environment:
#   TLSFLEET_CACHE               cache root (default: $HOME/.cache/tlsfleet); mirror = $TLSFLEET_CACHE/providers/mirror
#   TLSFLEET_OFFLINE=1           skip the registry probe and always build/use the local mirror
#   TLSFLEET_PROVIDERS_REBUILD=1 ignore the cached binaries and BUILD-INFO and rebuild both providers
#   TLSFLEET_REGISTRY_PROBE_URL  override the registry probe URL (default: the registry's service discovery document)
#
# Build recipe (see DOMAIN.md section 3): the provider modules lack a /vN suffix, so `go install …@v4.1.0` cannot work;
# we install the tag's commit. Some Go module proxies refuse those commits ("This module version is not available");
# then the newest pseudo-version the proxy lists for the module is built instead and installed under the pinned
# version directory, with a WARNING and a record in <mirror>/BUILD-INFO saying what was really built.
set -euo pipefail

log() { printf 'providers.sh: %s\n' "$*" >&2; }
die() { printf 'providers.sh: ERROR: %s\n' "$*" >&2; exit 1; }

export CHECKPOINT_DISABLE=1

# Providers: local name | version written by cdktf into required_providers | Go module | commit of the version's tag |
# the same commit as a pseudo-version (some proxies refuse the bare commit but serve this form; DOMAIN.md section 3).
PROVIDERS=(
  "tls|4.1.0|github.com/hashicorp/terraform-provider-tls|eefba144662d715aa78a1ec051d88037b141826c|v1.2.1-0.20250423195406-eefba144662d"
  "kubernetes|2.38.0|github.com/hashicorp/terraform-provider-kubernetes|be88f44271050f69d52f410bca388834afedfe71|"
)

# ---------------------------------------------------------------------------------------------------------------
# terraform: required in every mode (the mirror is useless without it, and the registry path needs it too).
if ! command -v terraform >/dev/null 2>&1; then
  die "terraform 1.11+ is required; not found on PATH"
fi
tf_version="$(terraform version -json 2>/dev/null | sed -n 's/.*"terraform_version": *"\([0-9][0-9.]*\).*/\1/p' | head -n1)"
if [[ -z "$tf_version" ]]; then
  tf_version="$(terraform version 2>/dev/null | sed -n '1s/^Terraform v\([0-9][0-9.]*\).*/\1/p')"
fi
if [[ -n "$tf_version" ]]; then
  IFS=. read -r tf_major tf_minor _ <<<"$tf_version"
  if (( tf_major < 1 || (tf_major == 1 && tf_minor < 11) )); then
    die "terraform 1.11+ is required; found terraform $tf_version at $(command -v terraform)"
  fi
else
  log "could not parse the terraform version; continuing"
fi

# ---------------------------------------------------------------------------------------------------------------
# Registry reachable? Then there is nothing to do.
if [[ "${TLSFLEET_OFFLINE:-}" != "1" ]] && command -v curl >/dev/null 2>&1; then
  probe_url="${TLSFLEET_REGISTRY_PROBE_URL:-https://registry.terraform.io/.well-known/terraform.json}"
  if curl -fsS -m 5 -o /dev/null "$probe_url" 2>/dev/null; then
    log "registry.terraform.io is reachable: plain 'terraform init' will download the providers; no mirror needed"
    echo ""
    exit 0
  fi
  log "registry.terraform.io is not reachable: using a local provider mirror built from source"
fi

# ---------------------------------------------------------------------------------------------------------------
command -v go >/dev/null 2>&1 || die "go is required to build the providers (registry.terraform.io is unreachable) but 'go' was not found on PATH"
command -v curl >/dev/null 2>&1 || die "curl is required to query the Go module proxy; not found on PATH"

cache_root="${TLSFLEET_CACHE:-$HOME/.cache/tlsfleet}"
prov_root="$cache_root/providers"
mirror="$prov_root/mirror"
build_info="$mirror/BUILD-INFO"
mkdir -p "$mirror" "$prov_root/gobin" "$prov_root/logs"
mirror="$(cd "$mirror" && pwd -P)"
build_info="$mirror/BUILD-INFO"
touch "$build_info"

# Serialise concurrent runs (jest workers are separate processes).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$prov_root/.lock"
  if ! flock -n 9; then
    log "another providers.sh run holds $prov_root/.lock; waiting for it"
    flock 9
  fi
fi

goos="$(go env GOOS)"
goarch="$(go env GOARCH)"
platform="${goos}_${goarch}"
go_version="$(go env GOVERSION)"

# Run go commands outside any module/workspace so a go.mod/go.work in the caller's directory cannot interfere.
go_workdir="$(mktemp -d "${TMPDIR:-/tmp}/tlsfleet-go.XXXXXX")"
trap 'rm -rf "$go_workdir"' EXIT

# First http(s) entry of GOPROXY (for reading @v/list, which `go list -m -versions` does not show for pseudo-versions).
goproxy_url() {
  local p entry
  p="$(go env GOPROXY)"
  IFS=',|' read -r -a entries <<<"$p"
  for entry in "${entries[@]}"; do
    case "$entry" in
      http://*|https://*) echo "${entry%/}"; return 0 ;;
    esac
  done
  return 1
}

# Newest pseudo-version (by its embedded UTC timestamp) the proxy lists for a module.
newest_pseudo_version() {
  local module="$1" proxy list
  proxy="$(goproxy_url)" || { log "GOPROXY ($(go env GOPROXY)) has no http(s) proxy to list versions from"; return 1; }
  # Module paths are case-encoded by the proxy protocol: upper-case letters become '!'+lower-case.
  local enc
  enc="$(printf '%s' "$module" | sed 's/\([A-Z]\)/!\L\1/g')"
  list="$(curl -fsS -m 30 "$proxy/$enc/@v/list")" || { log "could not read $proxy/$enc/@v/list"; return 1; }
  log "proxy lists for $module: $(echo $list)"
  printf '%s\n' "$list" \
    | sed -n -E 's/^(v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)?[-.](0\.)?([0-9]{14})-([0-9a-f]{12}))$/\4 \1/p' \
    | sort -r | head -n1 | cut -d' ' -f2
}

# Top "## x.y.z" heading of the module's CHANGELOG.md: which provider release the source actually is.
source_release() {
  local dir="$1" v=""
  if [[ -f "$dir/CHANGELOG.md" ]]; then
    v="$(sed -n -E 's/^## *v?([0-9]+\.[0-9]+\.[0-9]+[^ ]*).*/\1/p' "$dir/CHANGELOG.md" | head -n1)"
  fi
  echo "${v:-unknown}"
}

# Download module@version into the module cache; prints its source dir. Fails if the proxy refuses the version.
download_module() {
  local modver="$1" out dir
  out="$(cd "$go_workdir" && GOWORK=off GOFLAGS=-mod=mod go mod download -json "$modver" 2>&1)" || {
    printf '%s\n' "$out" | sed -n 's/.*"Error": *"\(.*\)".*/\1/p' | sed 's/\\n/\n/g; s/\\t/  /g' \
      | tee "$go_workdir/last-error" >&2
    return 1
  }
  dir="$(printf '%s\n' "$out" | sed -n 's/.*"Dir": *"\(.*\)".*/\1/p' | head -n1)"
  [[ -n "$dir" ]] || { printf '%s\n' "$out" >&2; return 1; }
  echo "$dir"
}

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

info_line_for() { grep -E "^hashicorp/$1 $2 " "$build_info" 2>/dev/null | tail -n1 || true; }

info_field() { # info_field "<line>" key
  printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p" | head -n1
}

set_info_line() { # replace the line of one provider
  local name="$1" version="$2" line="$3" tmp
  tmp="$(mktemp "$mirror/.BUILD-INFO.XXXXXX")"
  grep -vE "^hashicorp/$name $version " "$build_info" >"$tmp" || true
  printf '%s\n' "$line" >>"$tmp"
  sort -o "$tmp" "$tmp"
  mv -f "$tmp" "$build_info"
}

warn_fallback() { # name version module commit built_modver release
  local bar='!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!'
  {
    echo "WARNING: $bar"
    echo "WARNING: hashicorp/$1 $2 in the local mirror is NOT built from the $2 source."
    echo "WARNING: The Go module proxy refused $3@$4 (tag v$2)."
    echo "WARNING: Built instead: $5"
    echo "WARNING:   (its CHANGELOG says provider release $6), installed under version directory $2."
    echo "WARNING: Tests run against this binary check the configuration against $6, not $2."
    echo "WARNING: Record: $build_info"
    echo "WARNING: $bar"
  } >&2
}

build_provider() { # name version module commit pseudo
  local name="$1" version="$2" module="$3" commit="$4" pseudo_of_commit="$5"
  local dest_dir="$mirror/registry.terraform.io/hashicorp/$name/$version/$platform"
  local dest="$dest_dir/terraform-provider-${name}_v${version}_x5"
  local line

  line="$(info_line_for "$name" "$version")"
  if [[ "${TLSFLEET_PROVIDERS_REBUILD:-}" != "1" && -x "$dest" && -n "$line" ]] \
     && [[ "$(info_field "$line" platform)" == "$platform" ]] \
     && [[ "$(info_field "$line" requested)" == "$module@$commit" ]] \
     && [[ "$(info_field "$line" sha256)" == "$(sha256_of "$dest")" ]]; then
    log "hashicorp/$name $version: cached ($(info_field "$line" module))"
    if [[ "$(info_field "$line" pinned)" != "yes" ]]; then
      warn_fallback "$name" "$version" "$module" "$commit" "$(info_field "$line" module)" "$(info_field "$line" source_release)"
    fi
    return 0
  fi

  local modver="$module@$commit" pinned=yes dir
  log "hashicorp/$name $version: resolving $modver"
  if ! dir="$(download_module "$modver")" && [[ -n "$pseudo_of_commit" ]]; then
    log "hashicorp/$name $version: the proxy refused the bare commit; trying the same commit as $pseudo_of_commit"
    modver="$module@$pseudo_of_commit"
    dir="$(download_module "$modver")" || dir=""
  fi
  if [[ -z "${dir:-}" ]]; then
    # Fall back only when the proxy refuses this version; a network failure must not silently pick other source.
    if ! grep -qiE 'not available|40[34] (Forbidden|Not Found)|410 Gone|unknown revision' "$go_workdir/last-error" 2>/dev/null; then
      die "hashicorp/$name $version: could not download $modver (not a refusal by the proxy; network problem?)"
    fi
    log "hashicorp/$name $version: the Go module proxy refused the pinned commit $commit; looking for a fallback"
    local pseudo
    pseudo="$(newest_pseudo_version "$module")" || true
    [[ -n "$pseudo" ]] || die "hashicorp/$name $version: pinned commit refused and no pseudo-version listed by the proxy for $module"
    modver="$module@$pseudo"
    pinned=no
    dir="$(download_module "$modver")" || die "hashicorp/$name $version: could not download the fallback $modver either"
  fi
  local release
  release="$(source_release "$dir")"
  [[ "$pinned" == yes ]] || warn_fallback "$name" "$version" "$module" "$commit" "$modver" "$release"

  local gobin="$prov_root/gobin/$name" logf="$prov_root/logs/$name.log" start end
  rm -rf "$gobin"; mkdir -p "$gobin"
  log "hashicorp/$name $version: go install $modver (log: $logf)"
  start="$(date +%s)"
  if ! (cd "$go_workdir" && GOWORK=off CGO_ENABLED=0 GOBIN="$gobin" GOOS="$goos" GOARCH="$goarch" \
          go install -trimpath -ldflags="-s -w" "$modver") >"$logf" 2>&1; then
    tail -n 40 "$logf" >&2
    die "hashicorp/$name $version: go install $modver failed (full log: $logf)"
  fi
  end="$(date +%s)"
  local built="$gobin/terraform-provider-$name"
  [[ -x "$built" ]] || die "hashicorp/$name $version: go install succeeded but $built is missing"

  mkdir -p "$dest_dir"
  mv -f "$built" "$dest.tmp.$$"
  chmod 0755 "$dest.tmp.$$"
  mv -f "$dest.tmp.$$" "$dest"
  rm -rf "$gobin"

  set_info_line "$name" "$version" "hashicorp/$name $version module=$modver pinned=$pinned requested=$module@$commit source_release=$release go=$go_version platform=$platform built=$(date -u +%Y-%m-%dT%H:%M:%SZ) build_seconds=$((end - start)) sha256=$(sha256_of "$dest")"
  log "hashicorp/$name $version: built in $((end - start))s -> $dest"
}

for p in "${PROVIDERS[@]}"; do
  IFS='|' read -r name version module commit pseudo <<<"$p"
  build_provider "$name" "$version" "$module" "$commit" "$pseudo"
done

log "mirror ready: $mirror (use: terraform init -plugin-dir=$mirror)"
echo "$mirror"
