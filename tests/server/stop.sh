#!/usr/bin/env bash
# Stops a test server started by start.sh: a clean shutdown through mariadb-admin first, then
# SIGTERM and finally SIGKILL to the pid from DIR/mariadbd.pid, each with a bounded wait. Usable as
# a ctest FIXTURES_CLEANUP step (see README.md).
#
# usage: stop.sh DIR [--clean]
#   --clean also removes what start.sh created in DIR (data directory, logs, socket, pid file) and
#   DIR itself when that leaves it empty; without it nothing is removed, so logs can be inspected.
# Exits 0 when no server of DIR is left running (including "was not running"), 1 otherwise.
# Environment: SLOWDEX_SERVER_TIMEOUT (seconds to wait for the clean shutdown, default 30).
set -euo pipefail

die() { echo "stop.sh: $*" >&2; exit 1; }

usage() { echo "usage: stop.sh DIR [--clean]" >&2; exit 2; }

dir=""
clean=0
for arg in "$@"; do
    case $arg in
        --clean) clean=1 ;;
        -*) usage ;;
        *) [[ -z $dir ]] || usage; dir=$arg ;;
    esac
done
[[ -n $dir ]] || usage
[[ -d $dir ]] || { echo "stop.sh: $dir does not exist, nothing to stop" >&2; exit 0; }
dir=$(cd "$dir" && pwd -P)
timeout_s=${SLOWDEX_SERVER_TIMEOUT:-30}

pidfile=$dir/mariadbd.pid
sock=$dir/mysql.sock
[[ -s $dir/socket ]] && sock=$(cat "$dir/socket")

# The pid must be a mariadbd serving our data directory: a stale pid file may name a reused pid,
# and we must never signal a stranger's process.
ours() {
    local pid=$1 cmd
    kill -0 "$pid" 2>/dev/null || return 1
    cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
    [[ $cmd == *"--datadir=$dir/data"* ]]
}

wait_gone() {
    local pid=$1 limit=$2
    local deadline=$((SECONDS + limit))
    while ours "$pid"; do
        (( SECONDS < deadline )) || return 1
        sleep 0.2
    done
}

pid=""
if [[ -s $pidfile ]]; then
    pid=$(cat "$pidfile")
    [[ $pid =~ ^[0-9]+$ ]] || die "$pidfile does not hold a pid: $pid"
fi

if [[ -n $pid ]] && ours "$pid"; then
    admin=$(command -v mariadb-admin || command -v mysqladmin || true)
    if [[ -n $admin ]]; then
        # timeout(1) bounds the shutdown request itself in case the server is wedged.
        timeout "$timeout_s" "$admin" --no-defaults --socket="$sock" -uroot --connect-timeout=5 \
            shutdown >/dev/null 2>&1 || echo "stop.sh: mariadb-admin shutdown failed, signalling" >&2
    fi
    if ! wait_gone "$pid" "$timeout_s"; then
        echo "stop.sh: pid $pid still running after ${timeout_s}s, sending SIGTERM" >&2
        kill -TERM "$pid" 2>/dev/null || true
        if ! wait_gone "$pid" 10; then
            echo "stop.sh: pid $pid ignored SIGTERM, sending SIGKILL" >&2
            kill -KILL "$pid" 2>/dev/null || true
            wait_gone "$pid" 5 || die "pid $pid survived SIGKILL"
        fi
    fi
fi

if (( clean )); then
    rm -rf "$dir/data"
    rm -f "$dir/mariadbd.pid" "$dir/mysql.sock" "$dir/mysql.sock.lock" "$dir/error.log" \
          "$dir/install.log" "$dir/mariadbd.out" "$dir/socket"
    # A socket moved to a short temp directory (see start.sh) goes with it.
    if [[ $sock != "$dir/mysql.sock" && $(basename "$(dirname "$sock")") == slowdex-sock.* ]]; then
        rm -f "$sock" "$sock.lock"
        rmdir "$(dirname "$sock")" 2>/dev/null || true
    fi
    rmdir "$dir" 2>/dev/null || true
fi
exit 0
