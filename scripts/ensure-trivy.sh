#!/usr/bin/env bash
# Print the path of a trivy binary for `make bench`'s agreement table, building
# trivy v0.74.0 from the Go module proxy into a cache directory outside the
# repository the first time (it is never committed). Its checks are the ones
# built into the binary; nothing else is downloaded when it runs.
# Prints nothing (and the table uses the trivy findings recorded in
# testdata/corpus/expected.json) when trivy cannot be built here.
set -uo pipefail

version=v0.74.0
dir="${DRIFTFIX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/driftfix}/trivy-$version"
bin="$dir/trivy"

if [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi
mkdir -p "$dir" || exit 0
echo "building trivy $version into $dir (once; a few minutes)…" >&2
# trivy $version uses encoding/json/v2, which Go 1.25+ has behind GOEXPERIMENT.
if GOEXPERIMENT=jsonv2 GOBIN="$dir" GOFLAGS=-buildvcs=false \
  go install "github.com/aquasecurity/trivy/cmd/trivy@$version" >"$dir/build.log" 2>&1; then
  echo "$bin"
else
  echo "trivy could not be built (see $dir/build.log); using the recorded trivy findings" >&2
fi
exit 0
