#!/usr/bin/env bash
# Makes sure Debian's Chromium is at /usr/bin/chromium for the browser tests (Playwright drives it
# through playwright-core: no browser can be downloaded by Playwright on the project's machines).
# Installs it with apt-get when missing (needs root, or sudo without a password). Exits non-zero
# with one clear message when it cannot. CHROMIUM=/path overrides the binary that is checked.
set -euo pipefail

bin="${CHROMIUM:-/usr/bin/chromium}"

works() {
  [ -x "$bin" ] && "$bin" --headless --no-sandbox --version >/dev/null 2>&1
}

if works; then
  exit 0
fi

if [ "$bin" != /usr/bin/chromium ]; then
  echo "ensure-chromium: CHROMIUM=$bin is not an executable Chromium" >&2
  exit 1
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo="sudo -n"
  else
    echo "ensure-chromium: /usr/bin/chromium is missing and this user cannot install it." >&2
    echo "  Install it as root: apt-get update && apt-get install -y chromium" >&2
    echo "  (or skip the browser tests: -Dbrowser.skip)" >&2
    exit 1
  fi
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: /usr/bin/chromium is missing and there is no apt-get to install it; install Chromium by hand" >&2
  exit 1
fi

echo "ensure-chromium: installing Debian's chromium (apt-get update && apt-get install -y chromium)"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null || { echo "ensure-chromium: apt-get update failed" >&2; exit 1; }
$sudo apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null \
  || { echo "ensure-chromium: apt-get install chromium failed" >&2; exit 1; }

if ! works; then
  echo "ensure-chromium: chromium was installed but '$bin --version' does not run" >&2
  exit 1
fi
echo "ensure-chromium: $("$bin" --version 2>/dev/null)"
