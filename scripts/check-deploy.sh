#!/usr/bin/env bash
# Static checks of the deployment files; installs nothing.
#
#   terraform/  terraform fmt -check (validate needs the AWS provider, which
#               `terraform init` downloads: run it where that is possible)
#   ansible/    ansible-playbook --syntax-check of every playbook, and
#               ansible-lint when it is installed
#   k6/         every scenario and library parses as an ES module (node --check)
#   both        the process-role tables of terraform/ and ansible/ agree, and the
#               Node.js version Ansible installs is the one package-lock.json pins
#
# Exits 0 when everything passes, 1 when a check fails, 2 when a tool is missing.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

node_cmd=""
if [ -x node_modules/.bin/node ]; then
  node_cmd="$root/node_modules/.bin/node"
elif command -v node >/dev/null 2>&1; then
  node_cmd="$(command -v node)"
fi

missing=()
command -v terraform >/dev/null 2>&1 || missing+=("terraform")
command -v ansible-playbook >/dev/null 2>&1 || missing+=("ansible-playbook (Debian: apt-get install ansible)")
command -v python3 >/dev/null 2>&1 || missing+=("python3")
[ -n "$node_cmd" ] || missing+=("node (npm ci installs the pinned one under node_modules/.bin)")
if [ "${#missing[@]}" -gt 0 ]; then
  echo "check-deploy: missing tools; install them and run again:" >&2
  printf '  - %s\n' "${missing[@]}" >&2
  exit 2
fi

failures=()
step() {
  local name="$1"
  shift
  echo "== $name"
  if "$@"; then
    echo "   ok"
  else
    echo "   FAILED"
    failures+=("$name")
  fi
}

terraform_fmt() {
  terraform -chdir=terraform fmt -check -recursive -diff
}

ansible_syntax() {
  local playbook output status=0
  # A static inventory: the syntax check needs no AWS access.
  for playbook in site.yml bootstrap.yml loadtest-users.yml rollout.yml; do
    if ! output="$(cd ansible && ANSIBLE_CONFIG=ansible.cfg ansible-playbook --syntax-check \
      --inventory localhost, --extra-vars rollout_role=booking "$playbook" 2>&1)"; then
      status=1
    fi
    printf '%s\n' "$output" | grep -v -e 'Could not match supplied host pattern' -e '^$' | sed 's/^/   /'
  done
  return "$status"
}

ansible_lint() {
  (cd ansible && ansible-lint --nocolor)
}

k6_parse() {
  local dir status=0 file
  dir="$(mktemp -d)"
  for file in k6/*.js k6/lib/*.js; do
    local copy="$dir/$(echo "$file" | tr '/' '_').mjs"
    cp "$file" "$copy"
    if ! "$node_cmd" --check "$copy"; then
      echo "   does not parse: $file"
      status=1
    fi
  done
  rm -rf "$dir"
  return "$status"
}

tables_agree() {
  python3 - <<'PY'
import json, re, sys, yaml

problems = []

roles = yaml.safe_load(open("ansible/group_vars/all/process-roles.yml"))["process_roles"]
main = yaml.safe_load(open("ansible/group_vars/all/main.yml"))
lock = json.load(open("package-lock.json"))
pinned = lock["packages"].get("node_modules/node", {}).get("version")
if pinned != main["node_version"]:
    problems.append(f"ansible node_version {main['node_version']} but package-lock.json pins node {pinned}")

text = open("terraform/locals.tf").read()
block = text[text.index("process_role_defaults = {"):text.index("\n  process_roles = {")]
terraform = {}
for name, body in re.findall(r'^    "?([a-z-]+)"? = \{\n(.*?)^    \}', block, re.S | re.M):
    port = re.search(r"health_port\s*=\s*(\d+|null)", body).group(1)
    groups = re.search(r"env_groups\s*=\s*\[(.*?)\]", body).group(1)
    terraform[name] = {
        "port": None if port == "null" else int(port),
        "env_groups": [g.strip().strip('"') for g in groups.split(",") if g.strip()],
    }

for name, role in roles.items():
    tf = terraform.get(name)
    if tf is None:
        problems.append(f"{name} is in ansible/ but has no autoscaling group in terraform/")
        continue
    if tf["port"] != role["port"]:
        problems.append(f"{name}: port {role['port']} in ansible/, {tf['port']} in terraform/")
    if tf["env_groups"] != role["env_groups"]:
        problems.append(f"{name}: parameter groups {role['env_groups']} in ansible/, {tf['env_groups']} in terraform/")
for name in terraform:
    if name not in roles and name != "keycloak":
        problems.append(f"{name} has an autoscaling group but no process role in ansible/")

for p in problems:
    print("   " + p)
sys.exit(1 if problems else 0)
PY
}

step "terraform fmt -check -recursive" terraform_fmt
step "ansible-playbook --syntax-check" ansible_syntax
if command -v ansible-lint >/dev/null 2>&1; then
  step "ansible-lint" ansible_lint
else
  echo "== ansible-lint: not installed, skipped (Debian: apt-get install ansible-lint)"
fi
step "k6 scripts parse (node --check)" k6_parse
step "process roles agree (terraform/, ansible/, package-lock.json)" tables_agree

echo
if [ "${#failures[@]}" -gt 0 ]; then
  echo "check-deploy: ${#failures[@]} check(s) failed:"
  printf '  - %s\n' "${failures[@]}"
  exit 1
fi
echo "check-deploy: all checks passed"
