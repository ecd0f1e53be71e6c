#!/usr/bin/env bash
# Make PostgreSQL's server binaries (initdb, pg_ctl, postgres) available for
# the store's conformance suite, which starts a throwaway cluster of its own
# (internal/pgtest). Nothing is started here and no service is used: the
# tests run their own server on a unix socket in a temporary directory.
# On Debian the binaries live in /usr/lib/postgresql/<major>/bin; when they
# are missing they are installed with apt (the machine must reach Debian's
# archive; as root, or with sudo).
set -euo pipefail

have() {
  command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1 && return 0
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null
}

if have; then
  echo "postgresql: $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | tail -n 1 || command -v initdb)"
  exit 0
fi
echo "PostgreSQL server binaries not found; installing them with apt…" >&2
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
have || { echo "PostgreSQL could not be installed: the store tests will fail" >&2; exit 1; }
echo "postgresql: $(ls -d /usr/lib/postgresql/*/bin | tail -n 1)"
