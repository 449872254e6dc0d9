#!/bin/sh
# Print the path of the system Chromium that the end-to-end tests drive, installing it first
# with apt-get (Debian: package chromium) when it is missing. Playwright's own browser download
# is never used. Exit 1, saying why on stderr, when it cannot be installed.
set -eu

find_chromium() {
    for candidate in "${ONCOFR_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
        if [ -n "$candidate" ] && [ -x "$candidate" ]; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

find_chromium && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "no apt-get on this system: install Chromium and set ONCOFR_CHROMIUM to its path" >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO="sudo -n"
    else
        echo "installing Chromium needs root or password-less sudo: apt-get install chromium" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
$SUDO apt-get install -y -qq chromium >&2
find_chromium || { echo "apt-get installed no chromium binary" >&2; exit 1; }
