#!/bin/sh
# Installs the Debian packages credcheck needs to build, test and benchmark,
# when any is missing. Safe to run repeatedly: it does nothing when all are
# present. Needs root (or sudo) only when something must be installed.
set -eu

PKGS="build-essential cmake pkg-config git
libcurl4-openssl-dev libxml2-dev libxml2-utils libjansson-dev libcmocka-dev
libsqlite3-dev sqlite3 libstemmer-dev libutf8proc-dev
python3 clang llvm libclang-rt-14-dev
valgrind chromium python3-feedparser util-linux procps openssl"

# CC_DEPS_MINIMAL=1 skips the heavy optional packages (chromium, valgrind).
if [ "${CC_DEPS_MINIMAL:-0}" = 1 ]; then
    PKGS=$(printf '%s\n' $PKGS | grep -v -e '^chromium$' -e '^valgrind$')
fi

missing=""
for p in $PKGS; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $p" ;;
    esac
done

if [ -z "$missing" ]; then
    exit 0
fi

echo "deps: installing:$missing" >&2
SUDO=""
if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO=sudo
    else
        echo "deps: missing packages:$missing (run as root to install them)" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
