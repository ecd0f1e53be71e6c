#!/usr/bin/env bash
# Make sure Terraform v$TERRAFORM_VERSION is available for the tests: use the one on PATH
# or in ./bin when it is exactly that version; otherwise build it into ./bin with
# `go install` (offline-friendly: it comes from the Go module proxy).
set -euo pipefail
want="${TERRAFORM_VERSION:-1.5.7}"
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/bin"

version_of() { "$1" version 2>/dev/null | head -n 1 | awk '{print $2}'; }

if [ -x "$bin/terraform" ] && [ "$(version_of "$bin/terraform")" = "v$want" ]; then
  echo "terraform v$want: $bin/terraform"
  exit 0
fi
if command -v terraform >/dev/null 2>&1 && [ "$(version_of "$(command -v terraform)")" = "v$want" ]; then
  mkdir -p "$bin"
  ln -sf "$(command -v terraform)" "$bin/terraform"
  echo "terraform v$want: $(command -v terraform) (linked into ./bin)"
  exit 0
fi
echo "terraform v$want not found on PATH or in ./bin; building it with go install (a few minutes, once)…"
mkdir -p "$bin"
GOBIN="$bin" GOFLAGS=-mod=mod go install "github.com/hashicorp/terraform@v$want"
echo "terraform v$want: $bin/terraform"
