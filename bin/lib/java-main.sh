# Shared by the bin/ entry points: builds the project quietly and runs one of its main classes.
# Usage (after sourcing): run_main NAME CLASS [JVM OPTION]... -- [ARGUMENT]...
# Paths stay relative to where the user stands; only Maven runs from the project root.
run_main() {
  local name=$1 class=$2
  shift 2
  local jvm=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do jvm+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  local root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  mkdir -p "$root/target"
  local cp_file="$root/target/$name.classpath"
  # Built already and nothing changed since (sources, resources, pom.xml): no need to ask Maven again.
  if [ ! -s "$cp_file" ] || [ ! -d "$root/target/classes" ] \
      || [ -n "$(find "$root/src/main" "$root/pom.xml" -newer "$cp_file" -print -quit 2>/dev/null)" ]; then
    if ! mvn -q -B -f "$root/pom.xml" compile dependency:build-classpath \
        -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime >"$root/target/$name.build.log" 2>&1; then
      echo "bin/$name: building the project failed; see $root/target/$name.build.log" >&2
      exit 1
    fi
    touch "$cp_file" # Maven leaves an unchanged classpath file as it was: mark this build as the newest
  fi
  exec java "${jvm[@]}" -cp "$root/target/classes:$(cat "$cp_file")" "$class" "$@"
}
