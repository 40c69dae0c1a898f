#!/usr/bin/env bash
# One-time (and safe to re-run) setup of a clone of this repository:
#   1. pnpm (pinned) when missing,
#   2. dependencies from the lockfile,
#   3. the real Helm 4 (pinned), linked at .tools/bin/helm where the tests and tools look first,
#   4. the pinned upstream charts, pulled with that helm into .cache/charts (pnpm charts:pull;
#      from each chart's repository, or from the mirror in CHART_MIRROR on an offline machine),
#   5. Debian packages the tests run: validators (promtool, amtool, redis) and chromium,
#   6. kube-apiserver, etcd and gator for the admission checks, built from source once per pinned
#      version into .tools/bin (about half an hour the first time; see that section).
# It prints what it did and stops with a clear message when something cannot be installed.
# Environment: GO_BIN (the go binary that builds helm), SETUP_TOOLS_DIR (default .tools),
# SETUP_SKIP_INSTALL=1 (skip 'pnpm install', for tests of this script), CHART_MIRROR (a Helm
# repository URL or directory serving every pinned chart), SETUP_SKIP_CHARTS=1 (skip the pull),
# SETUP_SKIP_APT=1 (skip the Debian packages), CHROMIUM_BIN (a Chromium to use instead of Debian's),
# SETUP_SKIP_ADMISSION_TOOLS=1 (do not build kube-apiserver, etcd and gator).
# SETUP_SKIP_ARGOCD_CHECK=1 (do not build tools/argocd-check).
set -euo pipefail

PNPM_VERSION="10.34.9"
HELM_VERSION="v4.2.4"
HELM_MODULE="helm.sh/helm/v4"

# No package may download a browser build of its own (there is no such download here): the
# README diagram test drives Debian's chromium, installed below.
export PUPPETEER_SKIP_DOWNLOAD=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_BIN="${SETUP_TOOLS_DIR:-$ROOT/.tools}/bin"
cd "$ROOT"

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: ERROR: %s\n' "$*" >&2; exit 1; }

# --- Node -------------------------------------------------------------------------------------
command -v node >/dev/null 2>&1 || die "Node.js >= 20.19 is required and was not found on PATH."
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || die "Node.js >= 20.19 is required; found $(node --version)."
say "node $(node --version)"

# --- pnpm -------------------------------------------------------------------------------------
if command -v pnpm >/dev/null 2>&1; then
  say "pnpm $(pnpm --version) already on PATH"
else
  say "pnpm not found: installing pnpm@${PNPM_VERSION} with npm -g (corepack cannot verify signatures here)"
  npm install --global --no-fund --no-audit "pnpm@${PNPM_VERSION}" >/dev/null \
    || die "could not install pnpm@${PNPM_VERSION} with 'npm install --global'. Install it yourself (npm i -g pnpm@${PNPM_VERSION}) or set an npm prefix you can write to, then re-run."
  hash -r
  command -v pnpm >/dev/null 2>&1 \
    || die "pnpm was installed but is not on PATH; add \"$(npm prefix --global)/bin\" to PATH and re-run."
  say "installed pnpm $(pnpm --version)"
fi

# --- dependencies -----------------------------------------------------------------------------
if [[ "${SETUP_SKIP_INSTALL:-}" == 1 ]]; then
  say "skipping pnpm install (SETUP_SKIP_INSTALL=1)"
else
  say "installing dependencies from pnpm-lock.yaml"
  pnpm install --frozen-lockfile --prefer-offline --reporter=silent \
  || die "'pnpm install --frozen-lockfile' failed (see above). If you changed package.json, run 'pnpm install' to update the lockfile."
fi

# --- helm -------------------------------------------------------------------------------------
mkdir -p "$TOOLS_BIN"
helm_version() { "$1" version --short 2>/dev/null || true; }

link_helm() {
  ln -sfn "$1" "$TOOLS_BIN/helm"
  say "helm $(helm_version "$TOOLS_BIN/helm") linked at .tools/bin/helm -> $1"
}

path_helm="$(command -v helm 2>/dev/null || true)"
if [[ -n "$path_helm" && "$(readlink -f "$path_helm")" != "$(readlink -f "$TOOLS_BIN/helm" 2>/dev/null || true)" \
      && "$(helm_version "$path_helm")" == "${HELM_VERSION}"* ]]; then
  say "using the pinned helm ${HELM_VERSION} from PATH: $path_helm"
  link_helm "$path_helm"
elif [[ -x "$TOOLS_BIN/helm" && "$(helm_version "$TOOLS_BIN/helm")" == "${HELM_VERSION}"* ]]; then
  say "helm ${HELM_VERSION} already installed at .tools/bin/helm"
else
  # Only the pinned release: the charts' rendering, the nx cache and the tests' expectations are
  # those of one Helm version, so another Helm 4 on PATH is not used either.
  [[ -n "$path_helm" ]] && say "helm on PATH is $(helm_version "$path_helm" || echo unknown), not the pinned ${HELM_VERSION}: installing the pinned release"
  GO="${GO_BIN:-$(command -v go 2>/dev/null || true)}"
  [[ -z "${GO_BIN:-}" && -z "$GO" && -x /usr/local/go/bin/go ]] && GO=/usr/local/go/bin/go
  [[ -n "$GO" && ! -x "$GO" ]] && GO=""
  [[ -n "$GO" ]] || die "helm ${HELM_VERSION} is not on PATH and Go is not installed to build it. Install Go >= 1.25 (or put helm ${HELM_VERSION} on PATH) and re-run."
  say "building helm ${HELM_VERSION} with $("$GO" version | cut -d' ' -f3) (go install ${HELM_MODULE}/cmd/helm@${HELM_VERSION}; a few minutes the first time)"
  rm -f "$TOOLS_BIN/helm"
  GOBIN="$TOOLS_BIN" GOFLAGS=-mod=mod CGO_ENABLED=0 "$GO" install \
    -ldflags "-s -w -X ${HELM_MODULE}/internal/version.version=${HELM_VERSION} -X ${HELM_MODULE}/internal/version.gitTreeState=clean" \
    "${HELM_MODULE}/cmd/helm@${HELM_VERSION}" \
    || die "'go install ${HELM_MODULE}/cmd/helm@${HELM_VERSION}' failed (see above); the Go module proxy must be reachable."
  [[ "$(helm_version "$TOOLS_BIN/helm")" == "${HELM_VERSION}"* ]] || die "built helm reports '$(helm_version "$TOOLS_BIN/helm")', expected ${HELM_VERSION}."
  say "installed helm $(helm_version "$TOOLS_BIN/helm") at .tools/bin/helm"
fi

# --- upstream charts ---------------------------------------------------------------------------
# gen:gitops renders every Application with the pinned upstream charts; the tests do too.
if [[ "${SETUP_SKIP_CHARTS:-}" == 1 || "${SETUP_SKIP_INSTALL:-}" == 1 ]]; then
  say "skipping the upstream charts (SETUP_SKIP_CHARTS=1 or SETUP_SKIP_INSTALL=1)"
else
  say "pulling the pinned upstream charts into .cache/charts${CHART_MIRROR:+ from the mirror $CHART_MIRROR}"
  HELM_BIN="$TOOLS_BIN/helm" pnpm -s charts:pull \
    || die "'pnpm charts:pull' failed (see above). Offline? Point CHART_MIRROR at a Helm repository (URL or directory) that serves the pinned charts and re-run."
fi

# --- Kubernetes OpenAPI schemas -----------------------------------------------------------------
# The fleet checks validate every rendered object against the OpenAPI schemas of its cluster's
# Kubernetes minor, taken from the k8s.io/kubernetes module through the Go module proxy.
if [[ "${SETUP_SKIP_CHARTS:-}" == 1 || "${SETUP_SKIP_INSTALL:-}" == 1 ]]; then
  say "skipping the Kubernetes OpenAPI schemas (SETUP_SKIP_CHARTS=1 or SETUP_SKIP_INSTALL=1)"
else
  GO_FOR_OPENAPI="${GO_BIN:-$(command -v go 2>/dev/null || echo /usr/local/go/bin/go)}"
  say "fetching the Kubernetes OpenAPI schemas of the fleet's versions into .cache/openapi"
  GO_BIN="$GO_FOR_OPENAPI" pnpm -s openapi:pull \
    || die "'pnpm openapi:pull' failed (see above). It needs Go and the Go module proxy (GOPROXY) to fetch k8s.io/kubernetes."
fi

# --- real validators from Debian ---------------------------------------------------------------
# promtool checks PrometheusRule groups, amtool the Alertmanager configuration, redis-server and
# redis-cli run a real Redis cluster on loopback for the Redis chart's tests.
declare -A APT_FOR=([promtool]=prometheus [amtool]=prometheus-alertmanager [redis-server]=redis-server [redis-cli]=redis-tools)
missing=()
for tool in promtool amtool redis-server redis-cli; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("${APT_FOR[$tool]}")
done
if [[ "${SETUP_SKIP_APT:-}" == 1 ]]; then
  say "skipping system packages (SETUP_SKIP_APT=1)"
elif [[ ${#missing[@]} -eq 0 ]]; then
  say "promtool, amtool, redis-server and redis-cli already installed"
else
  command -v apt-get >/dev/null 2>&1 \
    || die "missing ${missing[*]} (promtool/amtool/redis-server/redis-cli) and apt-get is not available; install them with your package manager and re-run."
  SUDO=""
  if [[ "$(id -u)" != 0 ]]; then
    command -v sudo >/dev/null 2>&1 || die "installing ${missing[*]} needs root; run: sudo apt-get install ${missing[*]}"
    SUDO="sudo"
  fi
  say "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq >/dev/null || die "'apt-get update' failed"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || die "'apt-get install ${missing[*]}' failed (see above)"
  # The packages start their services where an init system runs; the tests start their own.
  for svc in prometheus prometheus-alertmanager redis-server; do
    $SUDO service "$svc" stop >/dev/null 2>&1 || true
  done
  say "installed ${missing[*]}"
fi

# --- headless browser for the README diagram test -----------------------------------------------
# apps/cli renders the generated README's Mermaid diagrams with the real Mermaid in a headless
# Chromium; Debian's chromium is that browser (CHROMIUM_BIN may point at another one).
if [[ "${SETUP_SKIP_APT:-}" == 1 ]]; then
  say "skipping chromium (SETUP_SKIP_APT=1)"
elif [[ -n "${CHROMIUM_BIN:-}" && -x "${CHROMIUM_BIN}" ]]; then
  say "using CHROMIUM_BIN=${CHROMIUM_BIN}"
elif command -v chromium >/dev/null 2>&1; then
  say "chromium already installed ($(command -v chromium))"
else
  command -v apt-get >/dev/null 2>&1 \
    || die "chromium (for the README diagram test) is missing and apt-get is not available; install Chromium and set CHROMIUM_BIN to it, then re-run."
  SUDO=""
  if [[ "$(id -u)" != 0 ]]; then
    command -v sudo >/dev/null 2>&1 || die "installing chromium needs root; run: sudo apt-get install chromium"
    SUDO="sudo"
  fi
  say "installing Debian package: chromium"
  $SUDO apt-get update -qq >/dev/null || die "'apt-get update' failed"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null \
    || die "'apt-get install chromium' failed (see above)"
  say "installed $(chromium --version 2>/dev/null || echo chromium)"
fi

# --- admission tools: kube-apiserver, etcd, gator --------------------------------------------
# The admission checks (a real kube-apiserver server-side dry-run of every rendered object, and
# Gatekeeper's own gator over every rendered constraint) and their tests run these three,
# built from source once per pinned version into .tools/bin: kube-apiserver from
# tools/kube-apiserver (k8s.io/kubernetes with its staging modules pinned to their releases),
# etcd from tools/kube-apiserver/etcd, gator with 'go install'. The first run takes about half
# an hour on two cores (kube-apiserver ~14 min, gator ~11 min, etcd ~3 min); later runs find the
# pinned binaries and skip. SETUP_SKIP_ADMISSION_TOOLS=1 skips this section, for users who only
# generate (the admission checks and the tests of packages/kube-apiserver and packages/gator then
# stop with a message saying to run this script).
KUBE_APISERVER_VERSION="v1.36.3"
ETCD_VERSION="v3.6.8"
GATOR_VERSION="v3.23.0"
GATOR_MODULE="github.com/open-policy-agent/gatekeeper/v3"

# the version a built tool reports, or nothing when it is missing or broken
tool_version() {
  [[ -x "$1" ]] || return 0
  case "$2" in
    kube-apiserver) "$1" --version 2>/dev/null | awk '{print $2}' ;;
    etcd) "$1" --version 2>/dev/null | awk '/^etcd Version:/ {print "v" $3}' ;;
    gator) "$1" version 2>/dev/null | awk '/^GitVersion:/ {print $2}' ;;
  esac
}

# builds one tool unless the pinned binary is there; $1 name, $2 version, then the build command
# (run with OUT set to the temporary output path)
build_tool() {
  local name="$1" version="$2" bin="$TOOLS_BIN/$1-$2"
  shift 2
  if [[ "$(tool_version "$bin" "$name")" == "$version" ]]; then
    say "$name $version already built at .tools/bin/$name-$version"
  else
    [[ -n "$ADMISSION_GO" ]] || die "$name $version is not built and Go is not installed to build it. Install Go >= 1.26 and re-run, or set SETUP_SKIP_ADMISSION_TOOLS=1 to skip the admission tools."
    say "building $name $version from source with $("$ADMISSION_GO" version | cut -d' ' -f3) (the first time only; see the timings above this section in scripts/setup.sh)"
    local start=$SECONDS
    rm -f "$bin" "$bin.tmp"
    OUT="$bin.tmp" "$@" || { rm -f "$bin.tmp"; die "building $name $version failed (see above); the Go module proxy must be reachable."; }
    mv "$bin.tmp" "$bin"
    [[ "$(tool_version "$bin" "$name")" == "$version" ]] \
      || die "the built $name reports '$(tool_version "$bin" "$name")', expected $version."
    say "built $name $version at .tools/bin/$name-$version in $(( (SECONDS - start) / 60 )) min $(( (SECONDS - start) % 60 )) s"
  fi
  ln -sfn "$name-$version" "$TOOLS_BIN/$name"
}

build_kube_apiserver() {
  local ld="-s -w" pkg
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld+=" -X $pkg.gitVersion=$KUBE_APISERVER_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$(cut -d. -f2 <<<"$KUBE_APISERVER_VERSION") -X $pkg.gitTreeState=clean"
  done
  (cd "$ROOT/tools/kube-apiserver" && GOFLAGS=-mod=readonly CGO_ENABLED=0 "$ADMISSION_GO" build -trimpath \
    -ldflags "$ld" -o "$OUT" k8s.io/kubernetes/cmd/kube-apiserver)
}

build_etcd() {
  (cd "$ROOT/tools/kube-apiserver/etcd" && GOFLAGS=-mod=readonly CGO_ENABLED=0 "$ADMISSION_GO" build -trimpath \
    -ldflags "-s -w" -o "$OUT" .)
}

build_gator() {
  # go install names the binary after the package: build into a directory of its own
  local dir
  dir="$(mktemp -d)"
  GOBIN="$dir" GOFLAGS=-mod=mod CGO_ENABLED=0 "$ADMISSION_GO" install -trimpath \
    -ldflags "-s -w -X $GATOR_MODULE/pkg/version.Version=$GATOR_VERSION" \
    "$GATOR_MODULE/cmd/gator@$GATOR_VERSION" && mv "$dir/gator" "$OUT"
  local rc=$?
  rm -rf "$dir"
  return $rc
}

if [[ "${SETUP_SKIP_ADMISSION_TOOLS:-}" == 1 ]]; then
  say "skipping kube-apiserver, etcd and gator (SETUP_SKIP_ADMISSION_TOOLS=1): the admission checks and their tests need them"
else
  ADMISSION_GO="${GO_BIN:-$(command -v go 2>/dev/null || true)}"
  [[ -z "${GO_BIN:-}" && -z "$ADMISSION_GO" && -x /usr/local/go/bin/go ]] && ADMISSION_GO=/usr/local/go/bin/go
  [[ -n "$ADMISSION_GO" && ! -x "$ADMISSION_GO" ]] && ADMISSION_GO=""
  # one after the other: each build already uses every core
  build_tool kube-apiserver "$KUBE_APISERVER_VERSION" build_kube_apiserver
  build_tool etcd "$ETCD_VERSION" build_etcd
  build_tool gator "$GATOR_VERSION" build_gator
fi

# --- Argo CD's own ApplicationSet controller --------------------------------------------------
# tools/argocd-check runs Argo CD's ApplicationSet reconciler (the real Go code of the pinned
# release) over the generated trees; apps/cli's argocd test runs it. Built once per Argo CD
# version into .tools/bin (about 15 minutes on two cores the first time; later runs skip). Go
# 1.27 is fetched by the go command (GOTOOLCHAIN). SETUP_SKIP_ARGOCD_CHECK=1 skips it (that test
# then fails, saying to run this script).
ARGOCD_VERSION="v3.6.1"
ARGOCD_CHECK="$TOOLS_BIN/argocd-check-$ARGOCD_VERSION"
if [[ "${SETUP_SKIP_ARGOCD_CHECK:-}" == 1 ]]; then
  say "skipping argocd-check (SETUP_SKIP_ARGOCD_CHECK=1)"
elif [[ -x "$ARGOCD_CHECK" && "$("$ARGOCD_CHECK" --version 2>/dev/null)" == "$ARGOCD_VERSION" ]]; then
  say "argocd-check $ARGOCD_VERSION already built ($ARGOCD_CHECK)"
else
  GO="${GO_BIN:-$(command -v go || echo /usr/local/go/bin/go)}"
  [[ -x "$GO" ]] || die "go is needed to build tools/argocd-check (Argo CD $ARGOCD_VERSION); install Go >= 1.21 or set SETUP_SKIP_ARGOCD_CHECK=1."
  say "building tools/argocd-check against Argo CD $ARGOCD_VERSION (about 15 minutes the first time)"
  mkdir -p "$TOOLS_BIN"
  (cd "$ROOT/tools/argocd-check" && GOTOOLCHAIN=go1.27.3 "$GO" build -o "$ARGOCD_CHECK.tmp" .) \
    || die "building tools/argocd-check failed (see above)"
  mv "$ARGOCD_CHECK.tmp" "$ARGOCD_CHECK"
  say "built $ARGOCD_CHECK"
fi
[[ -x "$ARGOCD_CHECK" ]] && ln -sfn "argocd-check-$ARGOCD_VERSION" "$TOOLS_BIN/argocd-check"

say "done. Helm for tests and tools: $TOOLS_BIN/helm (or set HELM_BIN)."
