#!/usr/bin/env bash
# Format benchmark (issue 12). Usage: bench/formats.sh [WORKDIR]
# Scan throughput of a 2 GiB safetensors file, a 2 GiB GGUF and a 2 GiB zip-format .ckpt side by
# side in one run (the header read should be negligible, so all three should hash at the same
# speed), and the header parse time of a GGUF whose vocabulary holds 150,000 strings. A format no
# loaded plugin contributes (`tsr plugins`) is skipped with a line saying so.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-$(mktemp -d /tmp/tsr-formats.XXXXXX)}"
tsr="$here/tsr"
mkdir -p "$work"
[ -f "$work/ckpt/model.ckpt" ] || echo "generating 3 x 2 GiB and a 150,000-token GGUF in $work"
python3 "$here/bench/gen_formats.py" "$work" $((2 << 30)) 150000
"$tsr" --help >/dev/null   # build once, outside the timings

loaded=$("$tsr" plugins --json | python3 -c "import json,sys; print(' '.join(f for p in json.load(sys.stdin) for f in p['formats']))")
field() { python3 -c "import json,sys; d=json.load(sys.stdin); print(d['$1'])"; }
now() { date +%s.%N; }

for entry in safetensors:safetensors gguf:gguf pickle:ckpt; do
  format=${entry%%:*}; sub=${entry##*:}
  if [[ " $loaded " != *" $format "* ]]; then
    echo "$sub: skipped, no loaded plugin contributes the '$format' format"
    continue
  fi
  best=999e9; bytes=0
  for _ in 1 2 3; do   # best of 3: noise only ever makes a run slower
    rm -f "$work/$sub.db"*
    cat "$work/$sub"/* > /dev/null   # in the page cache, as for every contender
    out=$("$tsr" db scan "$work/$sub" --db "$work/$sub.db" --json)
    bytes=$(echo "$out" | field bytes_hashed)
    best=$(python3 -c "print(min($best, $(echo "$out" | field elapsed_nanos)))")
    [ "$(echo "$out" | field failed)" = 0 ] || { echo "$sub: the scan failed: $out"; exit 1; }
  done
  printf '%-12s %6.2f GiB in %5.2f s = %5.0f MB/s (default hashes, best of 3, in the scan)\n' "$sub" \
    "$(python3 -c "print($bytes/2**30)")" "$(python3 -c "print($best/1e9)")" "$(python3 -c "print($bytes/1e6/($best/1e9))")"
done

if [[ " $loaded " == *" gguf "* ]]; then
  best=999
  for _ in 1 2 3; do
    t0=$(now); "$tsr" info "$work/vocab/vocab.gguf" > /dev/null; t1=$(now)
    best=$(python3 -c "print(min($best, $t1-$t0))")
  done
  echo "tsr info of a GGUF with 150,000 vocabulary strings: $(printf %.3f "$best") s wall, JVM start included (best of 3)"
else
  echo "vocabulary GGUF: skipped, no loaded plugin contributes the 'gguf' format"
fi
