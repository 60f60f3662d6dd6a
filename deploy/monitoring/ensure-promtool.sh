#!/usr/bin/env bash
# Makes sure promtool (Prometheus' rule checker) is on the PATH for MonitoringFilesTest, which then runs
# `promtool check rules` and `promtool test rules` on deploy/monitoring/prometheus. Installs Debian's
# prometheus package (it ships /usr/bin/promtool) when promtool is missing, as root or with sudo without a
# password, without starting the Prometheus server the package contains. Where it cannot install, it says so
# and exits 0: the test then skips the promtool part (and says so) and checks the rules with its own parser.
set -uo pipefail

if command -v promtool >/dev/null 2>&1 && promtool --version >/dev/null 2>&1; then
  exit 0
fi

skip() {
  echo "ensure-promtool: $1; the alert rules are checked without promtool (install Debian's prometheus package to use it)" >&2
  exit 0
}

command -v apt-get >/dev/null 2>&1 || skip "no apt-get on this machine"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo="sudo -n"
  else
    skip "promtool is missing and this user cannot install packages"
  fi
fi

echo "ensure-promtool: installing Debian's prometheus package for promtool (apt-get update && apt-get install -y prometheus)"
export DEBIAN_FRONTEND=noninteractive
# keep the package's own server from starting: a policy-rc.d that refuses every start, for this install only
policy=/usr/sbin/policy-rc.d
own_policy=""
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod 755 "$policy" && own_policy=yes
fi
$sudo apt-get update -qq >/dev/null 2>&1 || echo "ensure-promtool: apt-get update failed, trying the install anyway" >&2
$sudo apt-get install -y -qq --no-install-recommends prometheus >/dev/null 2>&1
status=$?
if [ -n "$own_policy" ]; then
  $sudo rm -f "$policy"
fi
[ "$status" -eq 0 ] || skip "apt-get install prometheus failed"
promtool --version 2>/dev/null | head -1 || skip "prometheus was installed but promtool does not run"
