# Helpers shared by the benchmarks: free ports, starting and stopping servers, RSS, timing.
bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$bench_root/scripts/lib.sh"
pids=()
cleanup() {
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

now_ms() { date +%s%3N; }

# Core pinning (pin_cores, then pin_server PID): servers on core 0, the load generator on core 1
# (run it as "${client_pin[@]}" redis-benchmark ...). On a 2-core machine
# an unpinned server and redis-benchmark keep landing on the same core (the scheduler pulls a
# woken task next to its waker, and over loopback each wakes the other), and which core each
# gets changes from run to run: the same jar measured 0.63-1.14M GET/s unpinned and 1.03-1.29M
# pinned. Pinning applies to Redis and Vigil alike; --no-pin in the benchmarks turns it off.
client_pin=()
pin_cores() {
  if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
    client_pin=(taskset -c 1)
  fi
}
# pin_server PID: moves every thread of a running server to core 0 (after pin_cores).
pin_server() {
  if [ ${#client_pin[@]} -gt 0 ]; then taskset -apc 0 "$1" >/dev/null; fi
}

# wait_pong PORT: waits (at most 30 s) until the server answers PING.
wait_pong() {
  for _ in $(seq 1 3000); do
    [ "$(redis-cli -p "$1" ping 2>/dev/null)" = "PONG" ] && return 0
    sleep 0.01
  done
  echo "server on port $1 did not answer PING" >&2
  return 1
}

# start_redis PORT DIR [args...]: a real redis-server; sets last_pid.
start_redis() {
  local port="$1" dir="$2"; shift 2
  redis-server --port "$port" --bind 127.0.0.1 --dir "$dir" --save "" --appendonly no --daemonize no \
    --logfile "$dir/redis-$port.log" "$@" &
  last_pid=$!
  pids+=("$last_pid")
}

# start_vigil PORT DIR [args...]: a vigil-node (exec'd JVM, so $! is the JVM); sets last_pid.
start_vigil() {
  local port="$1" dir="$2"; shift 2
  "$bench_root/scripts/vigil-node" --port "$port" --bind 127.0.0.1 --dir "$dir" --save "" --appendonly no \
    --logfile "$dir/vigil-$port.log" "$@" &
  last_pid=$!
  pids+=("$last_pid")
}

rss_mb() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$1/status"; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2f", a / b }'; }
