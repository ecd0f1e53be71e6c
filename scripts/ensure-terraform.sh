#!/usr/bin/env bash
# Make sure Terraform v$TERRAFORM_VERSION is available for the tests: use the one on PATH
# or in ./bin (or $TERRAFORM_BIN_DIR) when it is exactly that version; otherwise build it
# there with `go install` (offline-friendly: it comes from the Go module proxy). A build
# takes minutes, far longer on a busy machine: while it runs, a line on stderr every
# $PROGRESS_INTERVAL seconds (default 20) says it is still going.
set -euo pipefail
want="${TERRAFORM_VERSION:-1.5.7}"
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${TERRAFORM_BIN_DIR:-$root/bin}"
interval="${PROGRESS_INTERVAL:-20}"

version_of() { "$1" version 2>/dev/null | head -n 1 | awk '{print $2}'; }

if [ -x "$bin/terraform" ] && [ "$(version_of "$bin/terraform")" = "v$want" ]; then
  echo "terraform v$want: $bin/terraform"
  exit 0
fi
if command -v terraform >/dev/null 2>&1 && [ "$(version_of "$(command -v terraform)")" = "v$want" ]; then
  mkdir -p "$bin"
  ln -sf "$(command -v terraform)" "$bin/terraform"
  echo "terraform v$want: $(command -v terraform) (linked into $bin)"
  exit 0
fi
echo "terraform v$want not found on PATH or in $bin; building it with go install (a few minutes, once)…" >&2
mkdir -p "$bin"
GOBIN="$bin" GOFLAGS=-mod=mod go install "github.com/hashicorp/terraform@v$want" &
pid=$!
trap 'kill "$pid" 2>/dev/null; exit 130' INT TERM
start=$SECONDS
while kill -0 "$pid" 2>/dev/null; do
  for _ in $(seq "$interval"); do
    kill -0 "$pid" 2>/dev/null || break 2
    sleep 1
  done
  echo "terraform v$want: go install still building ($((SECONDS - start))s elapsed)" >&2
done
wait "$pid"
trap - INT TERM
echo "terraform v$want: $bin/terraform ($((SECONDS - start))s)"
