# Shared by the launcher scripts: locate the project, build a module's runnable jar when missing,
# and pick JVM flags that keep stderr quiet and memory lean.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="0.1.0-SNAPSHOT"

# ensure_jar MODULE: prints the path of MODULE's runnable jar, building it first if it is missing.
ensure_jar() {
  local module="$1"
  local jar="$root/$module/target/vigil-$module-$version-all.jar"
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

# JVM flags: a small serial heap that grows as needed (memory per key matters more than pause
# times for a single-threaded server), no perf-data file, Netty allowed its fast paths.
java_flags() {
  echo "-XX:+UseSerialGC -Xss1m -XX:-UsePerfData -XX:+PerfDisableSharedMem -XX:TieredStopAtLevel=4 \
--add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
-Dio.netty.tryReflectionSetAccessible=true -Djava.awt.headless=true ${VIGIL_JAVA_OPTS:-}"
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
