# Shared by the launcher scripts: locate the project, build a module's runnable jar when missing,
# and pick JVM flags that keep stderr quiet and memory lean.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="0.1.0-SNAPSHOT"

# ensure_jar MODULE: prints the path of MODULE's runnable jar, building it first if it is missing.
ensure_jar() {
  local module="$1"
  local jar="$root/$module/target/vigil-$module-$version-all.jar"
  # VIGIL_NODE_JAR / VIGIL_SENTINEL_JAR: run a given jar (benchmarks run copies, which a concurrent
  # rebuild of target/ cannot change under a running JVM).
  local override="VIGIL_${module^^}_JAR"
  if [ -n "${!override:-}" ]; then
    echo "${!override}"
    return
  fi
  if [ ! -f "$jar" ]; then
    # Build output goes to a log file: the binaries keep stdout/stderr for the server's own output.
    local log="${TMPDIR:-/tmp}/vigil-build-$module.log"
    if ! (cd "$root" && mvn -q -B -pl "$module" -am package -DskipTests >"$log" 2>&1); then
      echo "vigil: building $module failed, see $log" >&2
      exit 1
    fi
  fi
  echo "$jar"
}

# JVM flags: a serial heap with a small young generation that gives memory back (resident
# memory per key matters more than pause times for a single-threaded server), no perf-data file,
# Netty allowed its fast paths, and the class-data archive of the jar when there is one.
java_flags() {
  local jar="${1:-}" cds=""
  if [ -n "$jar" ] && [ -f "${jar%.jar}.jsa" ] && [ ! "$jar" -nt "${jar%.jar}.jsa" ]; then
    cds="-XX:SharedArchiveFile=${jar%.jar}.jsa"
  fi
  # A node starts with a small heap: with the JVM's default initial heap (1/64 of the machine's
  # memory) promoted garbage piles up untouched by any full collection, and resident memory with it
  # (243 MB against 183 MB for a million small keys). From 64 MB the old generation grows in steps,
  # each after a full collection, so it stays within the free ratios of the live data; smaller
  # starts cost more full collections while a dataset grows.
  # Netty's leak detector wraps one buffer in 128 for tracking, and a wrapped buffer that becomes a
  # connection's input sends every byte parsed through the wrapper; the tests keep it on. Native
  # memory the JVM freed (compiler arenas) goes back to the system once a second (JDK 17.0.9 and
  # later; older JVMs ignore the option).
  # A sentinel's live data is small (about 30 MB for 500 masters): from a 24 MB heap its old
  # generation stays near that instead of filling the default initial heap (384 MB on a 24 GB
  # machine) before the first full collection; unpooled buffers because its traffic is a few
  # commands per master per second and pool chunks would stay resident. Together with the links'
  # small read buffers and an 8 MB young generation: 500 masters in 217 -> 119 MB.
  # A node grows its heap at least 32 MB at a time: with the tight free ratios each full
  # collection grew it by ~10%, so a fresh replica loading 1M keys paid 5-6 full collections
  # (2 with this), for about 14 MB more RSS at 1M keys. Netty 4.2's default adaptive allocator
  # spent 11% of a master's loop under SET with two replicas in allocating the per-turn reply
  # and stream buffers; the pooled allocator's thread cache spends 5%.
  local node=""
  case "$jar" in
    *vigil-node-*) node="-Xms64m -XX:MinHeapDeltaBytes=32m -XX:+IgnoreUnrecognizedVMOptions -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=1000 \
-Dio.netty.leakDetection.level=disabled -Dio.netty.allocator.type=pooled" ;;
    *vigil-sentinel-*) node="-Xms24m -Xmn8m -XX:ReservedCodeCacheSize=32m -XX:+IgnoreUnrecognizedVMOptions \
-XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=1000 -Dio.netty.leakDetection.level=disabled \
-Dio.netty.allocator.type=unpooled" ;;
  esac
  echo "-XX:+UseSerialGC -Xmn16m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -Xss1m $node \
-XX:-UsePerfData -XX:+PerfDisableSharedMem -Xlog:cds*=off $cds \
--add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
-Dio.netty.tryReflectionSetAccessible=true -Djava.awt.headless=true ${VIGIL_JAVA_OPTS:-}"
}

# free_tcp_port: a port on 127.0.0.1 that nothing listens on.
free_tcp_port() {
  local port
  while true; do
    port=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
}

# ensure_node_cds JAR: records a class-data archive of a node's start-up (a short training run),
# once per build, so that later starts load their classes from it (about 40% faster to first PONG).
ensure_node_cds() {
  local jar="$1" jsa="${1%.jar}.jsa"
  [ -f "$jsa" ] && [ ! "$jar" -nt "$jsa" ] && return 0
  local port dir pid
  port=$(free_tcp_port)
  dir=$(mktemp -d)
  # The training run has a config file and walks the paths a failover takes on a node (INFO, the
  # promotion transaction with CONFIG REWRITE, REPLICAOF): a promoted replica then does not load
  # those classes from the jar in the middle of a failover (100 ms for the first CONFIG REWRITE).
  printf 'port %s\nbind 127.0.0.1\nsave ""\nappendonly no\ndir %s\nlogfile %s\n' "$port" "$dir" "$dir/training.log" \
    >"$dir/training.conf"
  java $(java_flags) -XX:ArchiveClassesAtExit="$dir/archive.jsa" -jar "$jar" "$dir/training.conf" \
    </dev/null >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 400); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'SET k v\r\nGET k\r\nINFO\r\nMULTI\r\nREPLICAOF NO ONE\r\nCONFIG REWRITE\r\nCLIENT KILL TYPE pubsub\r\nEXEC\r\nINFO replication\r\nCONFIG GET replica-priority\r\nROLE\r\nPING\r\n' >&3 \
        && timeout 2 grep -q PONG <&3) 2>/dev/null; then
      break
    fi
    sleep 0.05
  done
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ -s "$dir/archive.jsa" ]; then
    mv -f "$dir/archive.jsa" "$jsa" 2>/dev/null || true
  fi
  rm -rf "$dir"
}

# daemonize JAR [java options] -- ARGS...: starts the JVM detached, as redis-server and
# redis-sentinel fork once their configuration is read, so that a configuration error still
# reaches the terminal with exit status 1: waits until the process says its configuration is
# accepted (it creates the file named by -Dvigil.daemon.configured), or exits with its status.
daemonize() {
  local jar="$1"; shift
  local opts=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do opts+=("$1"); shift; done
  shift
  local status_dir pid status
  status_dir=$(mktemp -d)
  # shellcheck disable=SC2046
  setsid java $(java_flags "$jar") "${opts[@]}" -Dvigil.daemon.configured="$status_dir/configured" -jar "$jar" "$@" \
    </dev/null >/dev/null 2>"$status_dir/stderr" &
  pid=$!
  for _ in $(seq 1 1200); do
    if [ -e "$status_dir/configured" ]; then
      rm -rf "$status_dir"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      status=0
      wait "$pid" || status=$?
      cat "$status_dir/stderr" >&2
      rm -rf "$status_dir"
      return "$status"
    fi
    sleep 0.05
  done
  rm -rf "$status_dir"
  return 0
}

# wants_daemonize ARGS...: true when the command line or its config file says daemonize yes.
wants_daemonize() {
  local prev=""
  for a in "$@"; do
    if [ "$prev" = "--daemonize" ] && [ "${a,,}" = "yes" ]; then return 0; fi
    prev="$a"
  done
  if [ $# -gt 0 ] && [ -f "$1" ] && grep -Eiq '^[[:space:]]*daemonize[[:space:]]+"?yes"?[[:space:]]*$' "$1"; then
    return 0
  fi
  return 1
}
