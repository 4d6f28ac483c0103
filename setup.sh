#!/usr/bin/env bash
# Installs what artifact-lfs needs on this machine: git-lfs (when missing), then npm ci.
set -euo pipefail
cd "$(dirname "$0")"

need_sudo() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v git >/dev/null 2>&1; then
  echo "setup.sh: git is not installed; install git 2.30+ first." >&2
  exit 1
fi
if ! git lfs version >/dev/null 2>&1; then
  echo "setup.sh: git-lfs is missing; installing it"
  if command -v apt-get >/dev/null 2>&1; then
    need_sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    need_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq git-lfs
  elif command -v brew >/dev/null 2>&1; then
    brew install git-lfs
  elif command -v dnf >/dev/null 2>&1; then
    need_sudo dnf install -y git-lfs
  else
    echo "setup.sh: cannot install git-lfs here: install it from your package manager" >&2
    echo "          (https://git-lfs.com lists them), then run ./setup.sh again." >&2
    exit 1
  fi
fi
echo "setup.sh: $(git --version), $(git lfs version)"
if [ ! -f package-lock.json ]; then
  npm install --no-audit --no-fund
  exit 0
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! npm ci --no-audit --no-fund 2>&1 | tee "$log"; then
  # Some registries (mirrors) lack the platform-only optional packages of other systems
  # (e.g. jest's @unrs/resolver-binding-win32-*); npm then leaves them out of the lock file
  # and a strict `npm ci` refuses it. `npm install` keeps every locked version and skips
  # optional packages it cannot get. Any other npm ci failure stops here.
  if grep -q 'Missing: .* from lock file' "$log"; then
    echo "setup.sh: npm ci refused the lock file for missing optional platform packages; using npm install (locked versions are kept)"
    npm install --no-audit --no-fund
  else
    echo "setup.sh: npm ci failed (see above)" >&2
    exit 1
  fi
fi
