#!/usr/bin/env bash
# `make demo`: the main job end to end on the bundled example, with the
# embedded defaults. It works on a scratch copy; examples/ is never changed.
set -euo pipefail
bin="${1:?usage: demo.sh path/to/driftfix}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/.driftfix/demo"
rm -rf "$work" && mkdir -p "$work"
cp -R "$root/examples/demo/." "$work/"
cd "$work"
git init -q . && git add -A && git -c user.name=demo -c user.email=demo@localhost commit -qm "demo: before driftfix"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "driftfix scan  (exit 1 = findings)"
"$bin" scan . || true

step "driftfix fix"
"$bin" fix . || true

step "the diff driftfix made"
git --no-pager diff --stat
git --no-pager diff

step "driftfix scan again: only findings that need a human are left"
"$bin" scan . || true

step "driftfix fix again changes nothing"
"$bin" fix . || true
echo
echo "scratch copy: $work"
