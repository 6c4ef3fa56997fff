#!/usr/bin/env bash
# BLAKE3 per core (issue 17, goal 1). Usage: bench/blake3.sh [FILE]   (default: 1 GiB of random bytes in /tmp)
# One file in the page cache, single thread, MB per CPU second (user + sys), RUNS times (default 3),
# best and median: b3sum --num-threads 1, and in one JVM the JDK's SHA-256 (MessageDigest, SHA-NI)
# and the plugin's BLAKE3, reading the file as the scan does (HashThroughput FILE), with the JVM flags of
# the tsr launcher.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
runs="${RUNS:-3}"
file="${1:-/tmp/tsr-blake3-1g.bin}"
[ -f "$file" ] || { echo "generating 1 GiB in $file"; head -c $((1 << 30)) /dev/urandom > "$file"; }
bytes=$(stat -c %s "$file")
cd "$here"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}" MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
mvn -q -o -B -pl tensors-plugins -am test-compile > /dev/null
mvn -q -o -B -pl tensors-plugins dependency:build-classpath -Dmdep.outputFile="$file.cp" -Dmdep.includeScope=test > /dev/null
stats() { python3 -c "import statistics,sys; v=[float(x) for x in sys.argv[1:]]; print(f'best {max(v):,.0f}, median {statistics.median(v):,.0f} MB/s over {len(v)} runs')" "$@"; }
cat "$file" > /dev/null
if command -v b3sum > /dev/null; then
  b3=()
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%U %S" -o "$file.time" b3sum --num-threads 1 --no-names "$file" > "$file.b3"
    b3+=("$(python3 -c "u, s = open('$file.time').read().split()[-2:]; print($bytes / 1e6 / (float(u) + float(s)))")")
  done
  echo "b3sum --num-threads 1: $(stats "${b3[@]}")   ($(cat "$file.b3"))"
else
  echo "b3sum: not installed (Debian: apt-get install b3sum), no reference"
fi
eval "$(sed -n '/^flags=(/,/)$/p' tsr)"   # the launcher's JVM flags
for _ in $(seq "$runs"); do
  "$JAVA_HOME/bin/java" "${flags[@]}" \
      -cp "tensors-plugins/target/classes:tensors-plugins/target/test-classes:$(cat "$file.cp")" \
      io.tensors.plugins.HashThroughput "$file"
done | tee "$file.java" | grep -v '^  ' | sort -u
for name in "SHA-256 MessageDigest" "BLAKE3 (plugin's)"; do
  mapfile -t v < <(grep -F "  $name " "$file.java" | awk '{gsub(",", "", $(NF-2)); print $(NF-2)}')
  echo "$name (JVM, best of 3 per run): $(stats "${v[@]}")   $(grep -F "  $name " "$file.java" | head -1 | awk '{print $NF}')"
done
rm -f "$file.time" "$file.b3" "$file.java" "$file.cp"
