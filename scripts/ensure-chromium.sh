#!/usr/bin/env bash
# Make Chromium available for the dashboard's browser test (server's
# TestDashboardInChromium), which runs it headless on a page an httptest
# server serves: nothing is started here. On Debian it is the chromium
# package (/usr/bin/chromium); when it is missing it is installed with apt
# (the machine must reach Debian's archive; as root, or with sudo).
# $DRIFTFIX_CHROMIUM, when set, names the binary to use instead.
set -euo pipefail

have() {
  [ -n "${DRIFTFIX_CHROMIUM:-}" ] && [ -x "$DRIFTFIX_CHROMIUM" ] && return 0
  [ -x /usr/bin/chromium ] && return 0
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1
}

where() {
  if [ -n "${DRIFTFIX_CHROMIUM:-}" ]; then echo "$DRIFTFIX_CHROMIUM"; return; fi
  if [ -x /usr/bin/chromium ]; then echo /usr/bin/chromium; return; fi
  command -v chromium || command -v chromium-browser || command -v google-chrome
}

if have; then
  echo "chromium: $(where)"
  exit 0
fi
echo "Chromium not found; installing it with apt…" >&2
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
have || { echo "Chromium could not be installed: the dashboard's browser test will fail" >&2; exit 1; }
echo "chromium: $(where)"
