#!/usr/bin/env bash
# Speed benchmark (issue 17). Usage: bench/speed.sh [WORKDIR]   (needs ~9 GiB free in WORKDIR)
# Every figure is printed beside its reference, measured in the same run; best of RUNS (default 3),
# since a busy machine only ever makes a run slower. Run it on a quiet machine.
#   1. SHA-256, 8 x 1 GiB in the page cache: Python hashlib one process (one file after another) and
#      two processes (the two-core limit) against `tsr db scan --hashes sha256` and the default set
#   2. BLAKE3: `tsr hash --hashes blake3` and `tsr db scan --hashes sha256,blake3` against b3sum (one
#      thread) when installed, and hashlib.sha256 over the same bytes
#   3. cold reads: pages dropped with posix_fadvise first; `cat` cold and warm against a cold
#      `tsr db scan`, and what the scan left in the page cache
#   4. start-up: `tsr --version`, `tsr db list` of 10,000 files, `tsr db stats`, and the launcher's own work
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-$(mktemp -d /tmp/tsr-speed.XXXXXX)}"
runs="${RUNS:-3}"
tsr="$here/tsr"
count="${BIG_COUNT:-8}"; mib="${BIG_MIB:-1024}"   # smaller for a quick try: BIG_COUNT=2 BIG_MIB=64 RUNS=1
big="$work/big-$count-$mib"; small="$work/small"
mkdir -p "$work"
[ -d "$big" ] || { echo "generating $count x $mib MiB in $big"; python3 "$here/bench/gen_library.py" "$big" "$count" $((mib << 20)); }
[ -d "$small" ] || { echo "generating 10,000 small files in $small"; python3 "$here/bench/gen_library.py" "$small" 10000 4096; }
"$tsr" --version >/dev/null   # build once, outside the timings
mapfile -t files < <(find "$big/" -name '*.safetensors' | sort)
half=$(( ${#files[@]} / 2 ))
bytes=$(( $(stat -c %s "${files[@]}" | paste -sd+) ))
one="${files[0]}"; onebytes=$(stat -c %s "$one")

py() { python3 -c "print($*)"; }
mbs() { py "round($1/1e6/$2)"; }   # bytes, seconds
cpu_mbs() { if [ "$(py "$2 > 0")" = True ]; then mbs "$1" "$2"; else echo "?"; fi; }
warm() { cat "$@" > /dev/null; }
drop() { sync; python3 -c "
import os, sys
for p in sys.argv[1:]:
    fd = os.open(p, os.O_RDONLY); os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED); os.close(fd)" "$@"; }
cached_mib() { if command -v fincore >/dev/null; then py "$(fincore -b -n -o RES "$@" | paste -sd+) >> 20"; else echo "(unknown: no fincore)"; fi; }
# best wall seconds of a command over $runs, each after SETUP (a command, or :), and that run's CPU
# seconds (user + sys, from /usr/bin/time; 0 for a shell function or without it)
best() { # setup, command...
  local setup=$1; shift
  local b=999999 c=0 t0 t1 s cpu
  for _ in $(seq "$runs"); do
    $setup
    rm -f "$work/.cpu"
    t0=$(date +%s.%N)
    if [ "$(type -t "$1")" = file ] && [ -x /usr/bin/time ]; then
      /usr/bin/time -f "%U %S" -o "$work/.cpu" "$@" > /dev/null 2>&1
    else
      "$@" > /dev/null 2>&1
    fi
    t1=$(date +%s.%N)
    s=$(py "$t1-$t0")
    cpu=0; [ -s "$work/.cpu" ] && cpu=$(py "$(tail -1 "$work/.cpu" | tr ' ' '+')")
    if [ "$(py "$s < $b")" = True ]; then b=$s; c=$cpu; fi
  done
  echo "$b $c"
}
scan_json() { "$tsr" db scan "$@" --json; }
field() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }

echo "== 1. SHA-256, ${#files[@]} files, $(py "round($bytes/2**30,2)") GiB, in the page cache"
read -r py1 py1cpu < <(best "warm ${files[*]}" python3 "$here/bench/hash_files.py" sha256 "${files[@]}")
two() { python3 "$here/bench/hash_files.py" sha256 "${files[@]:0:$half}" & python3 "$here/bench/hash_files.py" sha256 "${files[@]:$half}"; wait; }
read -r py2 py2cpu < <(best "warm ${files[*]}" two)
echo "  python hashlib.sha256, one process:   $(printf %.2f "$py1") s = $(mbs "$bytes" "$py1") MB/s"
echo "  python hashlib.sha256, two processes: $(printf %.2f "$py2") s = $(mbs "$bytes" "$py2") MB/s (the two-core limit)"
scan_fig() { # label, args...
  local label=$1; shift
  local inner=999e9 whole=999 t0 t1 out
  for _ in $(seq "$runs"); do
    rm -f "$work/scan.db"*; warm "${files[@]}"
    t0=$(date +%s.%N); out=$(scan_json "$big" --db "$work/scan.db" "$@"); t1=$(date +%s.%N)
    inner=$(py "min($inner, $(echo "$out" | field elapsed_nanos))"); whole=$(py "min($whole, $t1-$t0)")
  done
  local imbs; imbs=$(mbs "$bytes" "$(py "$inner/1e9")")
  echo "  tsr db scan $label: in the scan $(mbs "$bytes" "$(py "$inner/1e9")") MB/s = $(py "round(100*$imbs/$(mbs "$bytes" "$py2"))")% of two-process python;" \
       "whole process $(printf %.2f "$whole") s = $(py "round($py1/$whole,2)")x the one-process python loop"
}
scan_fig "--hashes sha256" --hashes sha256
scan_fig "(default set)"

echo "== 2. BLAKE3, one $mib MiB file in the page cache (whole process; CPU = user+sys)"
read -r s c < <(best "warm $one" python3 "$here/bench/hash_files.py" sha256 "$one")
echo "  python hashlib.sha256:          $(mbs "$onebytes" "$s") MB/s wall, $(cpu_mbs "$onebytes" "$c") MB/s of CPU"
if command -v b3sum >/dev/null; then
  read -r s c < <(best "warm $one" b3sum --num-threads 1 "$one")
  echo "  b3sum --num-threads 1:          $(mbs "$onebytes" "$s") MB/s wall, $(cpu_mbs "$onebytes" "$c") MB/s of CPU"
else
  echo "  b3sum: not installed (Debian: apt-get install b3sum), no reference"
fi
read -r s c < <(best "warm $one" "$tsr" hash "$one" --hashes sha256)
echo "  tsr hash --hashes sha256:       $(mbs "$onebytes" "$s") MB/s wall, $(cpu_mbs "$onebytes" "$c") MB/s of CPU (JVM start included)"
read -r s c < <(best "warm $one" "$tsr" hash "$one" --hashes blake3)
echo "  tsr hash --hashes blake3:       $(mbs "$onebytes" "$s") MB/s wall, $(cpu_mbs "$onebytes" "$c") MB/s of CPU (JVM start included)"
scan_fig "--hashes sha256,blake3" --hashes sha256,blake3

echo "== 3. cold reads, ${#files[@]} files, $(py "round($bytes/2**30,2)") GiB, pages dropped first (posix_fadvise DONTNEED)"
dropall() { drop "${files[@]}"; }
read -r s c < <(best dropall cat "${files[@]}")
echo "  cat, cold:  $(mbs "$bytes" "$s") MB/s"
read -r s c < <(best "warm ${files[*]}" cat "${files[@]}")
echo "  cat, warm:  $(mbs "$bytes" "$s") MB/s"
cold_scan() { # label, args
  local label=$1; shift
  local whole=999 t0 t1 out inner=999e9
  for _ in $(seq "$runs"); do
    rm -f "$work/cold.db"*; dropall
    t0=$(date +%s.%N); out=$(scan_json "$big" --db "$work/cold.db" --hashes sha256 "$@"); t1=$(date +%s.%N)
    inner=$(py "min($inner, $(echo "$out" | field elapsed_nanos))"); whole=$(py "min($whole, $t1-$t0)")
  done
  echo "  tsr db scan --hashes sha256 $label, cold: in the scan $(mbs "$bytes" "$(py "$inner/1e9")") MB/s, whole process $(mbs "$bytes" "$whole") MB/s;" \
       "left in the page cache: $(cached_mib "${files[@]}") MiB of $((bytes >> 20))"
}
cold_scan "(readers by device)"
cold_scan "--threads $(nproc)" --threads "$(nproc)"

echo "== 4. start-up (whole process, best of $((runs + 2)))"
rm -f "$work/small.db"*
"$tsr" db scan "$small" --db "$work/small.db" > /dev/null
runs=$((runs + 2))
read -r s c < <(best : "$tsr" --version);                         echo "  tsr --version:               $(py "round($s*1000)") ms"
read -r s c < <(best : "$tsr" db list --db "$work/small.db");     echo "  tsr db list (10,000 files):  $(py "round($s*1000)") ms"
read -r s c < <(best : "$tsr" db stats --db "$work/small.db");    echo "  tsr db stats (10,000 files): $(py "round($s*1000)") ms"
read -r s c < <(best : "$(readlink -f "$(command -v java || echo /usr/lib/jvm/temurin-25-jdk-amd64/bin/java)")" -Xshare:auto -version)
echo "  reference, java -version:    $(py "round($s*1000)") ms"
# the launcher's own work: the same script with a JDK whose java does nothing
fake="$work/fake-jdk"; mkdir -p "$fake/bin"; echo 'JAVA_VERSION="25"' > "$fake/release"
ln -sf /bin/true "$fake/bin/java"; ln -sf /bin/true "$fake/bin/jar"
runs=$((runs * 2))
read -r s c < <(JAVA_HOME="$fake" best : "$tsr" --version)
echo "  the launcher's own work (staleness check, native library, flags): $(py "round($s*1000,1)") ms per start"
