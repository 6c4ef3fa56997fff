#!/usr/bin/env bash
# BLAKE3 per core (issue 17, goal 1). Usage: bench/blake3.sh [FILE]   (default: 1 GiB of random bytes in /tmp)
# One file in the page cache, single thread, MB per CPU second (user + sys), RUNS times (default 3),
# best and median: b3sum --num-threads 1; and in each of RUNS JVMs the JDK's SHA-256 (MessageDigest, SHA-NI)
# and the plugin's BLAKE3 taking turns over the file, read as the scan reads it (HashThroughput FILE), with
# the JVM flags of the tsr launcher, and BLAKE3 / SHA-256 round by round (the steady figure on a shared VM).
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
for run in $(seq "$runs"); do   # each JVM: SHA-256 and BLAKE3 taking turns, and their ratio round by round
  "$JAVA_HOME/bin/java" "${flags[@]}" \
      -cp "tensors-plugins/target/classes:tensors-plugins/target/test-classes:$(cat "$file.cp")" \
      io.tensors.plugins.HashThroughput "$file" | sed "s/^  /  JVM $run: /"
done | awk '/^  JVM/ || !seen[$0]++'
rm -f "$file.time" "$file.b3" "$file.cp"
