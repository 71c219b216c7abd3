#!/usr/bin/env bash
# Starts a private, throw-away MariaDB server for tests: its own data directory, a unix socket, no
# TCP port, no option files read. Usable as a ctest FIXTURES_SETUP step (see README.md).
#
# usage: start.sh DIR [mariadbd options...]
#   DIR is created if needed; the data directory is DIR/data (initialised on first use, reused
#   afterwards), the socket DIR/mysql.sock (or a short path under $TMPDIR when DIR is too deep for a
#   unix socket; the path actually used is written to DIR/socket). Extra options go to mariadbd
#   after ours, so they can override them. Connect as root with no password:
#     mariadb --no-defaults --socket="$(cat DIR/socket)" -uroot
# On success prints the socket path on stdout and exits 0; exits 77 when MariaDB is not installed
# (so ctest can report a skip), 1 on any other failure with the reason and the error log tail.
# Environment: SLOWDEX_SERVER_TIMEOUT (seconds to wait for the server, default 60).
set -euo pipefail

die() { echo "start.sh: $*" >&2; exit 1; }

# mariadbd lives in /usr/sbin, which is not on a normal user's PATH.
find_prog() {
    local name
    for name in "$@"; do
        if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return 0; fi
        if [[ -x /usr/sbin/$name ]]; then echo "/usr/sbin/$name"; return 0; fi
    done
    return 1
}

[[ $# -ge 1 && -n $1 ]] || { echo "usage: start.sh DIR [mariadbd options...]" >&2; exit 2; }
dir=$1; shift
timeout_s=${SLOWDEX_SERVER_TIMEOUT:-60}

mariadbd=$(find_prog mariadbd mysqld) || { echo "start.sh: mariadbd not installed, skipping" >&2; exit 77; }
install_db=$(find_prog mariadb-install-db mysql_install_db) || { echo "start.sh: mariadb-install-db not installed, skipping" >&2; exit 77; }
admin=$(find_prog mariadb-admin mysqladmin) || { echo "start.sh: mariadb-admin not installed, skipping" >&2; exit 77; }

mkdir -p "$dir" || die "cannot create $dir"
dir=$(cd "$dir" && pwd -P) || die "cannot enter $dir"
[[ -w $dir ]] || die "$dir is not writable by $(id -un)"

pidfile=$dir/mariadbd.pid
errlog=$dir/error.log
me=$(id -un)

# Refuse to start a second server on the same directory; a pid file left by a crash is removed.
if [[ -s $pidfile ]]; then
    oldpid=$(cat "$pidfile")
    if [[ $oldpid =~ ^[0-9]+$ ]] && kill -0 "$oldpid" 2>/dev/null; then
        die "a server is already running for $dir (pid $oldpid); run stop.sh $dir first"
    fi
    rm -f "$pidfile"
fi

# A unix socket path must fit in sun_path (108 bytes with the NUL); deep build trees do not.
sock=$dir/mysql.sock
if (( ${#sock} > 100 )); then
    sockdir=$(mktemp -d "${TMPDIR:-/tmp}/slowdex-sock.XXXXXX") || die "cannot create a socket directory"
    sock=$sockdir/mysql.sock
    (( ${#sock} <= 100 )) || die "socket path $sock is too long; set TMPDIR to a short directory"
fi
rm -f "$sock" "$sock.lock"
printf '%s\n' "$sock" > "$dir/socket" || die "cannot write $dir/socket"

if [[ ! -d $dir/data/mysql ]]; then
    rm -rf "$dir/data"
    # mariadb-install-db only accepts --user as root; as anyone else it runs as that user anyway.
    userarg=()
    [[ $(id -u) -eq 0 ]] && userarg=(--user="$me")
    if ! "$install_db" --no-defaults --auth-root-authentication-method=normal \
            --datadir="$dir/data" "${userarg[@]}" --skip-test-db --skip-name-resolve \
            --innodb-log-file-size=16M >"$dir/install.log" 2>&1; then
        tail -n 30 "$dir/install.log" >&2 || true
        die "mariadb-install-db failed (full output in $dir/install.log)"
    fi
fi

# mariadbd refuses to run as root unless told --user=root; for anyone else --user is a no-op.
# setsid keeps the server out of the caller's process group, so a ctest timeout or ^C on the setup
# step does not kill it half-way; its stdio is detached so ctest does not wait on our pipes.
launcher=()
command -v setsid >/dev/null 2>&1 && launcher=(setsid)
"${launcher[@]}" "$mariadbd" --no-defaults --datadir="$dir/data" --socket="$sock" \
    --skip-networking --pid-file="$pidfile" --log-error="$errlog" --user="$me" \
    --innodb-log-file-size=16M --innodb-buffer-pool-size=64M "$@" \
    </dev/null >>"$dir/mariadbd.out" 2>&1 &
child=$!

# A zombie still answers kill -0 but has an empty command line; neither counts as running.
running() {
    local cmd
    kill -0 "$1" 2>/dev/null || return 1
    cmd=$(tr -d '\0' <"/proc/$1/cmdline" 2>/dev/null) || return 1
    [[ -n $cmd ]]
}

# The server is the launched process (setsid execs in place: without job control a background
# child is never a process-group leader) or, should setsid ever fork, the pid the server wrote.
server_pid() {
    local p
    if running "$child"; then echo "$child"; return 0; fi
    p=$(cat "$pidfile" 2>/dev/null) || return 1
    [[ $p =~ ^[0-9]+$ ]] && running "$p" && echo "$p"
}

# Never leave a half-started server behind when giving up.
give_up() {
    local p
    tail -n 30 "$errlog" >&2 2>/dev/null || true
    if p=$(server_pid); then kill -KILL "$p" 2>/dev/null || true; fi
    die "$1 (log: $errlog)"
}

deadline=$((SECONDS + timeout_s))
while :; do
    if "$admin" --no-defaults --socket="$sock" -uroot --connect-timeout=2 ping >/dev/null 2>&1; then
        break
    fi
    server_pid >/dev/null || give_up "mariadbd exited during startup"
    (( SECONDS < deadline )) || give_up "mariadbd did not answer within ${timeout_s}s"
    sleep 0.2
done

printf '%s\n' "$sock"
