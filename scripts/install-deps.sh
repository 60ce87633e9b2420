#!/usr/bin/env bash
# Installs the Debian / Ubuntu packages LatentLab needs to build, run and test,
# but only those that are missing (nothing is touched when all are present).
set -euo pipefail

packages=(
  cmake g++ make pkgconf
  qt6-base-dev qt6-svg-dev qt6-qpa-plugins
  libeigen3-dev libspectra-dev libqcustomplot-dev zlib1g-dev libcli11-dev
  libgtest-dev libbenchmark-dev
  nlohmann-json3-dev
  fonts-dejavu-core
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
