#!/usr/bin/env bash
# Make moto_server available for cloud/aws TestDriftAgainstMoto, which checks
# drift against an AWS endpoint driftfix did not write (moto, in Python).
# It never fails `make test`: when moto cannot be had, it says so loudly and
# the test is skipped.
#
# What is known about this project's machines (the "go" kind, Debian 12):
# - the image ships moto 5.2.1 with its server extras in the pyenv Python
#   3.11, so moto_server is on PATH;
# - PyPI is not reachable (pip fails at once: no name resolution);
# - Debian 12 has no python3-moto package.
# So on a fresh machine of this kind the first check succeeds; the other
# two are tried for machines where they work.
set -uo pipefail

found() { command -v moto_server >/dev/null 2>&1; }

if found; then
  echo "moto_server: $(command -v moto_server)"
  exit 0
fi

echo "moto_server not on PATH; trying pip install 'moto[server]'…"
if command -v python3 >/dev/null 2>&1 &&
  timeout 120 python3 -m pip install --quiet --retries 0 --timeout 15 'moto[server]' >/dev/null 2>&1 &&
  hash -r && found; then
  echo "moto_server: $(command -v moto_server) (installed with pip)"
  exit 0
fi

if [ "$(id -u)" = 0 ] && command -v apt-cache >/dev/null 2>&1 &&
  apt-cache policy python3-moto 2>/dev/null | grep -q 'Candidate: [0-9]'; then
  echo "trying apt-get install python3-moto…"
  if DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-moto >/dev/null 2>&1 && hash -r && found; then
    echo "moto_server: $(command -v moto_server) (installed with apt)"
    exit 0
  fi
fi

cat >&2 <<'BANNER'

##############################################################################
#  WARNING: moto_server is not available (not on PATH; pip install and       #
#  apt-get install python3-moto did not provide it).                         #
#  TestDriftAgainstMoto WILL BE SKIPPED: drift is not checked against an     #
#  AWS endpoint driftfix did not write. Install moto[server] to run it.      #
##############################################################################

BANNER
exit 0
