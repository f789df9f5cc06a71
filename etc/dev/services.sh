#!/usr/bin/env bash
# Install the system packages the tests run for real (as root, from Debian's
# registry).  Daemons are started by the test session itself and stopped by
# PID when it ends.
set -euo pipefail
packages=()
command -v atd >/dev/null 2>&1 || packages+=(at)
command -v pgrep >/dev/null 2>&1 || packages+=(procps)
command -v tmux >/dev/null 2>&1 || packages+=(tmux)  # cylc tui tests
command -v cc >/dev/null 2>&1 || packages+=(gcc libc6-dev)  # the native message sender
if (( ${#packages[@]} )); then
    if [[ $(id -u) -ne 0 ]]; then
        echo "services.sh: need root to install: ${packages[*]}" >&2
        exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
fi
