#!/usr/bin/env bash
# `make demo`: the main job end to end on the bundled example, with the
# embedded defaults. It works on a scratch copy; examples/ is never changed.
set -euo pipefail
# Everything under .driftfix is private (plans hold secrets in clear): the
# copy and every file the demo writes are 0600, directories 0700.
umask 077
bin="${1:?usage: demo.sh path/to/driftfix}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/.driftfix/demo"
rm -rf "$work" && mkdir -p "$work" && chmod 700 "$root/.driftfix"
cp -R "$root/examples/demo/." "$work/"
cd "$work"
printf '.driftfix/\n.terraform/\n*.tfstate*\n.terraform.lock.hcl\n' > .gitignore
git init -q . && git add -A && git -c user.name=demo -c user.email=demo@localhost commit -qm "demo: before driftfix"
export PATH="$root/bin:$PATH" CHECKPOINT_DISABLE=1

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "1. driftfix scan  (exit 2 = findings)"
"$bin" scan . || true

step "2. driftfix fix"
"$bin" fix . || true

step "3. the diff driftfix made (comments and layout kept)"
git --no-pager diff --stat
git --no-pager diff

step "4. driftfix scan again: only findings that need a human are left"
"$bin" scan . || true

step "5. driftfix fix again changes nothing"
"$bin" fix . || true

step "6. driftfix classify: real AWS-provider plans judged by the dev policy"
echo "-- the companions the S3 fixes add (creates in low-risk classes):"
"$bin" classify plans/s3-add-companions.json || true
echo
echo "-- encrypting an existing EBS volume (Terraform must replace it):"
"$bin" classify plans/ebs-encrypt-replace.json || true

step "7. driftfix plan / apply with the real Terraform on the ledger project"
"$bin" plan -p ledger 2>/dev/null || true
echo
echo "-- creating resources no class covers needs a human: apply refuses without --approve"
"$bin" apply -p ledger 2>&1 | tail -1 || true
"$bin" apply -p ledger --approve --by demo --reason "first deployment" 2>/dev/null

step "8. a low-risk change auto-applies"
sed -i 's/2026.11.1/2026.11.2/' ledger/main.tf
"$bin" plan -p ledger 2>/dev/null || true
"$bin" apply -p ledger 2>/dev/null

step "9. driftfix drift: the live account (a local AWS endpoint) against the state"
"$bin" awslocal --seed awslocal.seed.json --addr 127.0.0.1:0 > .driftfix/awslocal.log 2>&1 &
awslocal_pid=$!
trap 'kill $awslocal_pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q 'http://' .driftfix/awslocal.log 2>/dev/null && break; sleep 0.1; done
endpoint=$(grep -o 'http://[0-9.:]*' .driftfix/awslocal.log | head -n 1)
echo "awslocal serving awslocal.seed.json at $endpoint"
export AWS_ENDPOINT_URL="$endpoint" AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
"$bin" drift -p estate 2>/dev/null || true

step "10. driftfix drift --codify: console tags and key rotation written back into the code"
"$bin" drift -p estate --codify 2>/dev/null | sed -n '/^codified:/,$p' || true
git --no-pager diff --stat
echo
echo "scratch copy: $work"
