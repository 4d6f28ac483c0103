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
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
