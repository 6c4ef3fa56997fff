#!/usr/bin/env bash
# Renders the example html exporter's page and screenshots it in headless Chromium (not run by CI).
# Usage: examples/screenshot.sh [PAGE.html] [OUT.png]
#   with no PAGE, runs the plugin's integration test, which also writes the page it checks.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
page="${1:-}"
png="${2:-$here/html-exporter-plugin/target/catalog.png}"
chromium="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$chromium" ]; then
  echo "screenshot.sh: Chromium is missing: install it (Debian: apt-get install -y chromium)" >&2
  exit 3
fi
if [ -z "$page" ]; then
  page="$here/html-exporter-plugin/target/catalog.html"
  (cd "$here/.." && mvn -q -B -o -pl examples/html-exporter-plugin verify -Dit.test=HtmlExporterPluginIT \
     -Dtsr.example.html="$page" >&2)
fi
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
mkdir -p "$(dirname "$png")"
"$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$profile" --screenshot="$png" --window-size=1280,900 \
  "file://$(readlink -f "$page")" >/dev/null 2>&1
echo "$png"
