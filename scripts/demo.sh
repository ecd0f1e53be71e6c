#!/usr/bin/env bash
# `make demo`: the product's main job end to end, on a machine with no AWS
# account and no network: a local AWS endpoint seeded with misconfigured and
# drifted resources, a scratch git repository made from examples/demo with a
# bare repository as its remote, and `driftfix run` cycles against them, then
# `driftfix report`. Everything happens under .driftfix/demo; examples/ is
# never changed.
set -euo pipefail
# plans and the run history hold secrets in clear: files 0600, dirs 0700
umask 077
bin="${1:?usage: demo.sh path/to/driftfix}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/.driftfix/demo"
rm -rf "$work" && mkdir -p "$work/state" && chmod 700 "$root/.driftfix"
export PATH="$root/bin:$PATH" CHECKPOINT_DISABLE=1 GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
# offline as a fresh machine is: terraform finds no provider mirror here
export TF_CLI_CONFIG_FILE="$work/none.tfrc"
gitq() { git -c user.name=dev -c user.email=dev@example.test "$@"; }

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "1. a scratch repository (examples/demo) with a bare repository on disk as its remote"
cp -R "$root/examples/demo/." "$work/seed/" 2>/dev/null || { mkdir -p "$work/seed" && cp -R "$root/examples/demo/." "$work/seed/"; }
printf '.driftfix/\n.terraform/\n.terraform.lock.hcl\n' > "$work/seed/.gitignore"
git init -q -b main --bare "$work/remote.git"
(cd "$work/seed" && git init -q -b main . && gitq add -A && gitq commit -qm "infra: the estate and the ledger" &&
  git remote add origin "$work/remote.git" && git push -q origin main)
git --git-dir "$work/remote.git" log --oneline main

# The runner's side: a checkout whose driftfix.hcl also says where the
# repository is and where the ledger's state lives (a real estate keeps its
# state in a remote backend; here it is a file outside every checkout).
git clone -q "$work/remote.git" "$work/runner"
sed -i -e 's|^project "ledger" {|project "ledger" {\n  backend_config = { path = "'"$work"'/state/ledger.tfstate" }|' "$work/runner/driftfix.hcl"
cat >> "$work/runner/driftfix.hcl" <<EOF

# the runner clones this repository and gives its fixes back to it
repository {
  url          = "$work/remote.git"
  author_name  = "driftfix"
  author_email = "driftfix@example.test"
}
EOF
cd "$work/runner"

step "2. the local AWS endpoint: the estate as it runs, drifted (a console tag, an RDP rule opened by hand, a bucket deleted, one nobody manages)"
"$bin" awslocal --seed "$root/examples/demo/awslocal.seed.json" --addr 127.0.0.1:0 > "$work/awslocal.log" 2>&1 &
awslocal_pid=$!
trap 'kill $awslocal_pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q 'http://' "$work/awslocal.log" 2>/dev/null && break; sleep 0.1; done
endpoint=$(grep -o 'http://[0-9.:]*' "$work/awslocal.log" | head -n 1)
echo "awslocal at $endpoint"
export AWS_ENDPOINT_URL="$endpoint" AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true

step "3. driftfix run -p estate: one full cycle on the AWS estate"
echo "(no network here: terraform cannot install the AWS provider, so the plan step says so and the fixes go to review)"
"$bin" run -p estate 2>/dev/null || true

step "4. what the run committed: a branch of its own on the remote, exactly the files it changed"
branch=$(git --git-dir "$work/remote.git" for-each-ref --format='%(refname:short)' 'refs/heads/driftfix/estate/*' | head -n 1)
git --git-dir "$work/remote.git" log --format='%h %an <%ae>%n%B' -1 "$branch" | sed '/^$/d' | head -n 20
git --git-dir "$work/remote.git" --no-pager diff --stat main "$branch"

step "5. the ledger (built-in resources only: a real terraform plan and apply, offline)"
echo "-- first deployment: creating resources needs a person"
"$bin" plan -p ledger >/dev/null 2>&1 || true
"$bin" apply -p ledger --approve --by demo --reason "first deployment" 2>/dev/null
echo "-- a developer bumps the release on main"
(cd "$work/seed" && sed -i 's/2026.11.1/2026.11.2/' ledger/main.tf && gitq commit -qam "ledger: release 2026.11.2" && git push -q origin main)
echo "-- driftfix run -p ledger: the change is in a low-risk class, so it is applied and verified"
"$bin" run -p ledger --no-drift 2>/dev/null || true

step "6. driftfix report: is automated remediation working?"
"$bin" report 2>/dev/null || true

echo
echo "scratch repository: $work (remote: $work/remote.git, run history: $work/runner/.driftfix/driftfix.db)"
