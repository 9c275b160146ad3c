#!/usr/bin/env bash
# Sets up a fresh Debian machine for dyna_zarr: system packages, the Python
# oracle virtualenv (.venv), node modules and the native + TypeScript build.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES="build-essential cmake pkg-config python3-venv libblosc-dev libzstd-dev liblz4-dev zlib1g-dev libbz2-dev libtiff-dev libsnappy-dev nlohmann-json3-dev libtiff-tools strace doctest-dev libcurl4-openssl-dev nginx-light redis-server"
missing=$(dpkg-query -W -f='${Package} ${Status}\n' $APT_PACKAGES 2>/dev/null | grep -v "install ok installed" | cut -d' ' -f1 || true)
missing="$missing $(for p in $APT_PACKAGES; do dpkg-query -W "$p" >/dev/null 2>&1 || echo "$p"; done)"
if [ -n "$(echo $missing)" ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $APT_PACKAGES >/dev/null
fi

if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
.venv/bin/pip install -q --disable-pip-version-check -r test/oracle/requirements.txt

export npm_config_nodedir="${npm_config_nodedir:-/usr}"
# CI builds the addon and the C++ unit tests with warnings as errors.
if [ "${CI:-}" = "true" ]; then export DZ_WERROR=1; fi
npm ci --no-audit --no-fund --loglevel=error
npm run build --silent
