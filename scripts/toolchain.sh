# shellcheck shell=bash
# Provisioning shared by ./etapiste and .ci/run: Node >= 22 (Node 24 installed from the npm
# registry when the machine's is older), pnpm at the version package.json pins, the Debian
# packages the stack and the tests run, and a mediasoup worker binary. Idempotent and quiet when
# everything is already there. Sourced, not executed.

ETAPISTE_ROOT="${ETAPISTE_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
TOOLS="$ETAPISTE_ROOT/.tools"
PNPM_VERSION="$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$ETAPISTE_ROOT/package.json")"
MEDIASOUP_VERSION="$(sed -n 's/.*"mediasoup": *"\([0-9.]*\)".*/\1/p' "$ETAPISTE_ROOT/sfu-server/package.json")"

say() { printf '[etapiste] %s\n' "$*" >&2; }
die() { printf '[etapiste] %s\n' "$*" >&2; exit 1; }

node_major() { command -v node >/dev/null 2>&1 && node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  [ -x "$TOOLS/node24/node_modules/.bin/node" ] && export PATH="$TOOLS/node24/node_modules/.bin:$PATH"
  if [ "$(node_major)" -ge 22 ]; then return; fi
  command -v npm >/dev/null 2>&1 || die "Node.js 22 or newer is needed: install Node.js (https://nodejs.org) and run again."
  say "Node $(node_major) is too old; installing Node 24 from the npm registry into .tools/node24"
  npm install --silent --no-audit --no-fund --prefix "$TOOLS/node24" node@24 >/dev/null || die "could not install node@24 with npm"
  export PATH="$TOOLS/node24/node_modules/.bin:$PATH"
  [ "$(node_major)" -ge 22 ] || die "installing Node 24 failed"
}

ensure_pnpm() {
  [ -x "$TOOLS/pnpm/node_modules/.bin/pnpm" ] && export PATH="$TOOLS/pnpm/node_modules/.bin:$PATH"
  if command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version 2>/dev/null)" = "$PNPM_VERSION" ]; then return; fi
  say "installing pnpm $PNPM_VERSION into .tools/pnpm"
  npm install --silent --no-audit --no-fund --prefix "$TOOLS/pnpm" "pnpm@$PNPM_VERSION" >/dev/null || die "could not install pnpm"
  export PATH="$TOOLS/pnpm/node_modules/.bin:$PATH"
}

# ensure_debian_packages <command>=<package> ...: installs what is missing where it can (Debian or
# Ubuntu, as root); otherwise stops with one line saying what to install.
ensure_debian_packages() {
  local missing=() pair
  for pair in "$@"; do
    command -v "${pair%%=*}" >/dev/null 2>&1 || missing+=("${pair#*=}")
  done
  [ ${#missing[@]} -eq 0 ] && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing ${missing[*]} with apt-get"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || die "apt-get could not install ${missing[*]}"
  else
    die "missing system packages: install ${missing[*]} (e.g. sudo apt-get install ${missing[*]}) and run again."
  fi
}

# The mediasoup worker: an explicit MEDIASOUP_WORKER_BIN wins; on machines with the workplace's
# offline build script beside the repository, that script builds (or reuses) one from mediasoup's
# own sources; a worker that script cached earlier is reused; elsewhere mediasoup's install
# downloads its prebuilt worker as usual.
ensure_mediasoup_worker() {
  if [ -n "${MEDIASOUP_WORKER_BIN:-}" ]; then
    [ -x "$MEDIASOUP_WORKER_BIN" ] || die "MEDIASOUP_WORKER_BIN=$MEDIASOUP_WORKER_BIN is not an executable"
    return
  fi
  local builder="$ETAPISTE_ROOT/../shared/mediasoup-worker/build.sh"
  local cached="${MEDIASOUP_WORKER_CACHE:-$HOME/.cache/mediasoup-worker}/$MEDIASOUP_VERSION/mediasoup-worker"
  if [ -f "$builder" ]; then
    say "building or reusing the mediasoup $MEDIASOUP_VERSION worker (first build takes about 8 minutes)"
    MEDIASOUP_WORKER_BIN="$(bash "$builder" "$MEDIASOUP_VERSION")" || die "building the mediasoup worker failed"
    export MEDIASOUP_WORKER_BIN
  elif [ -x "$cached" ]; then
    # Built earlier on this machine by that script; reuse it.
    export MEDIASOUP_WORKER_BIN="$cached"
  fi
}

install_dependencies() {
  cd "$ETAPISTE_ROOT" || exit 1
  pnpm install --frozen-lockfile --reporter=silent || die "pnpm install failed"
}

provision() {
  ensure_node
  ensure_pnpm
  ensure_debian_packages "$@"
  ensure_mediasoup_worker
  install_dependencies
}
