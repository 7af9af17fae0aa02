#!/usr/bin/env bash
# Installs what the real-server end-to-end tests need. Idempotent: re-running does
# only what is missing or out of date. Exits non-zero with a clear message on failure.
#
#   tests/setup-e2e.sh              # apt packages + Next.js fixture (npm ci, next build)
#   tests/setup-e2e.sh --skip-apt   # only the Next.js fixture
#   tests/setup-e2e.sh --skip-next  # only the apt packages
#
# What it ensures:
#   * Debian packages nginx, varnish, squid, apache2 and trafficserver (nginx, varnishd, squid,
#     apache2, traffic_server). System services are kept from starting (policy-rc.d during the
#     install) and stopped if they run anyway (also without systemd/service: the daemons the
#     packages started are killed by their system pidfile); the tests start their own instances
#     on free 127.0.0.1 ports.
#   * node >= 20.9 and npm (not installed here: Debian's nodejs is too old for Next 16).
#   * tests/fixtures/next-app: `npm ci` when node_modules is missing or older than
#     package-lock.json; `next build` when .next/BUILD_ID is missing or older than
#     any source file; the same for the second build (expireTime 8 s, .next-expire).
set -euo pipefail

die() { echo "setup-e2e: ERROR: $*" >&2; exit 1; }
log() { echo "setup-e2e: $*" >&2; }

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
APP="$HERE/fixtures/next-app"
DO_APT=1
DO_NEXT=1
for arg in "$@"; do
  case "$arg" in
    --skip-apt) DO_APT=0 ;;
    --skip-next) DO_NEXT=0 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) die "unknown argument: $arg" ;;
  esac
done

# --- apt packages -----------------------------------------------------------------
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || die "not root and sudo is not available: cannot install packages"
  SUDO=(sudo -n)
fi

# Kill a system daemon by its pidfile (no systemctl/service needed). Only that PID (and, for
# squid/httpd, the children of it) is touched, never the tests' own instances.
kill_by_pidfile() {
  local name="$1" pidfile="$2" pid
  [ -s "$pidfile" ] || return 0
  pid="$(tr -dc '0-9' < "$pidfile")"
  [ -n "$pid" ] && [ -d "/proc/$pid" ] || return 0
  log "stopping system $name (pid $pid from $pidfile)"
  "${SUDO[@]}" kill "$pid" 2>/dev/null || log "warning: could not stop $name"
}

stop_services() {
  # Stop system instances the packages may have started (on :80 / :6081 / :3128 / :8080).
  kill_by_pidfile nginx /run/nginx.pid
  kill_by_pidfile varnishd /run/varnishd.pid
  kill_by_pidfile squid /run/squid.pid
  kill_by_pidfile apache2 /run/apache2/apache2.pid
  kill_by_pidfile apache-htcacheclean /run/apache2/htcacheclean.pid
  kill_by_pidfile trafficserver /run/trafficserver/server.lock
  kill_by_pidfile traffic_manager /run/trafficserver/manager.lock
  local svc
  for svc in nginx varnish varnishncsa squid apache2 apache-htcacheclean trafficserver; do
    if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
      if systemctl is-active --quiet "$svc" 2>/dev/null; then
        log "stopping system service $svc"
        "${SUDO[@]}" systemctl stop "$svc" || log "warning: could not stop $svc"
        "${SUDO[@]}" systemctl disable "$svc" >/dev/null 2>&1 || true
      fi
    elif command -v service >/dev/null 2>&1 && [ -x "/etc/init.d/$svc" ]; then
      # sysvinit: judge by the system pidfile ('status' of varnishncsa lies), so that
      # nginx/varnishd instances started by tests are never touched.
      local pidfile
      case "$svc" in
        nginx) pidfile=/run/nginx.pid ;;
        varnish) pidfile=/run/varnishd.pid ;;
        varnishncsa) pidfile=/run/varnishncsa/varnishncsa.pid ;;
        *) continue ;;  # handled by kill_by_pidfile above
      esac
      if [ -s "$pidfile" ] && [ -d "/proc/$(cat "$pidfile")" ]; then
        log "stopping system service $svc"
        "${SUDO[@]}" service "$svc" stop >/dev/null 2>&1 || log "warning: could not stop $svc"
      fi
    fi
  done
}

install_apt() {
  local missing=()
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  command -v varnishd >/dev/null 2>&1 || [ -x /usr/sbin/varnishd ] || missing+=(varnish)
  command -v squid >/dev/null 2>&1 || [ -x /usr/sbin/squid ] || missing+=(squid)
  command -v apache2 >/dev/null 2>&1 || [ -x /usr/sbin/apache2 ] || missing+=(apache2)
  command -v traffic_server >/dev/null 2>&1 || [ -x /usr/bin/traffic_server ] || missing+=(trafficserver)
  if [ "${#missing[@]}" -eq 0 ]; then
    log "nginx, varnish, squid, apache2 and trafficserver already installed"
    stop_services
    return
  fi
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install ${missing[*]} by hand"

  # Keep the packages' maintainer scripts from starting services during the install.
  local made_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee /usr/sbin/policy-rc.d >/dev/null \
      || die "cannot write /usr/sbin/policy-rc.d"
    "${SUDO[@]}" chmod +x /usr/sbin/policy-rc.d
    made_policy=1
  fi
  local rc=0
  (
    export DEBIAN_FRONTEND=noninteractive
    # apt-get update only when the package lists do not know the packages yet.
    if ! apt-cache show "${missing[@]}" >/dev/null 2>&1; then
      log "apt-get update"
      "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q || exit 10
    fi
    log "apt-get install ${missing[*]}"
    if ! "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"; then
      # Stale lists (404 on a superseded .deb): refresh once and retry.
      log "install failed; apt-get update and retry"
      "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q || exit 10
      "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" || exit 11
    fi
  ) || rc=$?
  if [ "$made_policy" -eq 1 ]; then "${SUDO[@]}" rm -f /usr/sbin/policy-rc.d; fi
  case "$rc" in
    0) ;;
    10) die "apt-get update failed" ;;
    *) die "apt-get install ${missing[*]} failed" ;;
  esac
  stop_services
  [ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || die "nginx still missing after install"
  [ -x /usr/sbin/varnishd ] || command -v varnishd >/dev/null 2>&1 || die "varnishd still missing after install"
  [ -x /usr/sbin/squid ] || command -v squid >/dev/null 2>&1 || die "squid still missing after install"
  [ -x /usr/sbin/apache2 ] || command -v apache2 >/dev/null 2>&1 || die "apache2 still missing after install"
  [ -x /usr/bin/traffic_server ] || command -v traffic_server >/dev/null 2>&1 || die "traffic_server still missing after install"
}

# --- Next.js fixture --------------------------------------------------------------
setup_next() {
  [ -f "$APP/package.json" ] || die "missing $APP/package.json"
  command -v node >/dev/null 2>&1 || die "node not found (need node >= 20.9 for Next.js 16)"
  command -v npm >/dev/null 2>&1 || die "npm not found"
  local v major minor
  v="$(node -p 'process.versions.node')"
  major="${v%%.*}"; minor="${v#*.}"; minor="${minor%%.*}"
  if [ "$major" -lt 20 ] || { [ "$major" -eq 20 ] && [ "$minor" -lt 9 ]; }; then
    die "node $v is too old (Next.js 16 needs >= 20.9)"
  fi

  export NEXT_TELEMETRY_DISABLED=1
  cd "$APP"
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] \
     || [ package.json -nt node_modules/.package-lock.json ]; then
    log "npm ci in $APP"
    npm ci --no-audit --no-fund || die "npm ci failed in $APP"
  else
    log "node_modules up to date"
  fi
  [ -x node_modules/.bin/next ] || die "node_modules/.bin/next missing after npm ci"

  local stale=0
  if [ ! -f .next/BUILD_ID ]; then
    stale=1
  elif [ -n "$(find app lib next.config.js package.json package-lock.json node_modules/.package-lock.json \
                 -newer .next/BUILD_ID -print -quit 2>/dev/null)" ]; then
    stale=1
  fi
  if [ "$stale" -eq 1 ]; then
    log "next build in $APP"
    # Build without the runtime toggles so prerendered pages show the defaults.
    env -u FIXTURE_DATA_DIR -u FIXTURE_STATE_DIR ./node_modules/.bin/next build \
      || die "next build failed in $APP"
  else
    log ".next build up to date (BUILD_ID $(cat .next/BUILD_ID))"
  fi
  [ -f .next/prerender-manifest.json ] || die ".next/prerender-manifest.json missing after build"
  # The second build: a short expireTime (8 s), in distDir .next-expire (next.config.js).
  if [ ! -f .next-expire/BUILD_ID ] || [ -n "$(find app lib next.config.js package.json package-lock.json \
        node_modules/.package-lock.json -newer .next-expire/BUILD_ID -print -quit 2>/dev/null)" ]; then
    log "next build (FIXTURE_EXPIRE_TIME=8, .next-expire) in $APP"
    env -u FIXTURE_DATA_DIR -u FIXTURE_STATE_DIR FIXTURE_EXPIRE_TIME=8 ./node_modules/.bin/next build \
      || die "next build (expireTime) failed in $APP"
  else
    log ".next-expire build up to date"
  fi
  [ -f .next-expire/prerender-manifest.json ] || die ".next-expire/prerender-manifest.json missing after build"
}

if [ "$DO_APT" -eq 1 ]; then install_apt; fi
if [ "$DO_NEXT" -eq 1 ]; then setup_next; fi

if [ "$DO_APT" -eq 1 ]; then
  log "$(/usr/sbin/nginx -v 2>&1 || nginx -v 2>&1)"
  log "$(varnishd -V 2>&1 | head -1)"
  log "$(/usr/sbin/squid -v 2>&1 | head -1)"
  log "$(/usr/sbin/apache2 -v 2>&1 | head -1)"
  log "$(traffic_server --version 2>&1 | head -1)"
fi
if [ "$DO_NEXT" -eq 1 ]; then
  log "node $(node -v), next $(node -p "require('$APP/node_modules/next/package.json').version")"
fi
log "OK"
