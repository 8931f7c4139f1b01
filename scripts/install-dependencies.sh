#!/usr/bin/env bash
# Installs what the tests need and the machine lacks, and nothing it already has:
#   ZooKeeper 3.8 and its C client from Debian (apt-get), docker-compose from Debian (to validate
#   docker-compose.yml; no Docker engine needed), Azurite 3.37 from npm into .tools/azurite.
# Safe to run again and again.
set -euo pipefail
cd "$(dirname "$0")/.."

AZURITE_VERSION=3.37.0
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing_packages=()
for package in zookeeper libzookeeper-mt2 docker-compose; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing_packages+=("$package")
  fi
done
if [ ${#missing_packages[@]} -gt 0 ]; then
  echo "install: apt-get install ${missing_packages[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing_packages[@]}" >/dev/null
fi

azurite_package=.tools/azurite/node_modules/azurite/package.json
if [ ! -f "$azurite_package" ] || ! grep -q "\"version\": \"$AZURITE_VERSION\"" "$azurite_package"; then
  echo "install: npm install azurite@$AZURITE_VERSION into .tools/azurite"
  mkdir -p .tools/azurite
  npm install --prefix .tools/azurite --no-audit --no-fund --loglevel=error "azurite@$AZURITE_VERSION" >/dev/null
fi

for command in java node dotnet; do
  command -v "$command" >/dev/null || { echo "error: $command is not on PATH; install it first" >&2; exit 1; }
done
