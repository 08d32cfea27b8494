#!/bin/sh
# Installs exactly the Debian 12 packages that sgz needs to build, run,
# test and benchmark. Idempotent: does nothing when all are present.
#   scripts/deps.sh          build, run, test (incl. sqlmap, slowhttptest), bench
#   scripts/deps.sh fuzz     also clang and libFuzzer (make fuzz)
#   scripts/deps.sh valgrind also valgrind (make valgrind)
set -eu

PKGS="
build-essential
pkg-config
libmicrohttpd-dev
libjansson-dev
libsqlite3-dev
sqlite3
libpq-dev
libsodium-dev
liboath-dev
libxlsxwriter-dev
libminizip-dev
libexpat1-dev
libgd-dev
libcmocka-dev
postgresql
postgresql-client
nodejs
npm
wrk
sqlmap
slowhttptest
curl
procps
chromium
fonts-noto-cjk
locales
libreoffice-calc-nogui
"
for group in "$@"; do
    case "$group" in
    fuzz) PKGS="$PKGS clang libclang-rt-14-dev" ;;
    valgrind) PKGS="$PKGS valgrind" ;;
    *) echo "deps.sh: unknown group $group" >&2; exit 2 ;;
    esac
done

missing=""
for p in $PKGS; do
    # nodejs/npm may come from elsewhere (a newer Node): accept the command.
    case "$p" in
    nodejs) command -v node >/dev/null 2>&1 && continue ;;
    npm) command -v npm >/dev/null 2>&1 && continue ;;
    esac
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$status" in
    *"install ok installed"*) ;;
    *) missing="$missing $p" ;;
    esac
done

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
if [ -n "$missing" ]; then
    echo "deps.sh: installing:$missing"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

# The locale a county's server is set up with: the tests' PostgreSQL
# cluster sorts text by it, as a province's would (tests/pg.sh).
# Enabled in /etc/locale.gen, as Debian keeps it: a later locale-gen
# would drop a locale made with localedef alone.
if ! locale -a 2>/dev/null | grep -qix 'zh_CN.utf-\?8'; then
    echo "deps.sh: generating the locale zh_CN.UTF-8"
    if grep -q '^# *zh_CN.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null; then
        $SUDO sed -i 's/^# *\(zh_CN.UTF-8 UTF-8\)/\1/' /etc/locale.gen
        $SUDO locale-gen --keep-existing >/dev/null
    else
        $SUDO localedef -i zh_CN -f UTF-8 zh_CN.UTF-8
    fi
fi
