// Disk use per base model (SD 1.5, SDXL 1.0...): files not linked to CivitAI count as "(unlinked)".
// Usage: tsr run examples/scripts/size-by-base-model.js [--json]
const groups = new Map();
for (const f of tsr.files().filter(f => f.missingSince === null)) {
  const key = f.baseModel ?? '(unlinked)';
  const g = groups.get(key) ?? { baseModel: key, files: 0, bytes: 0 };
  g.files += 1;
  g.bytes += f.fileSize;
  groups.set(key, g);
}
const rows = [...groups.values()].sort((a, b) => b.bytes - a.bytes || a.baseModel.localeCompare(b.baseModel));

function human(n) {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let u = 0;
  while (n >= 1000 && u < units.length - 1) { n /= 1000; u++; }
  return u === 0 ? `${n} B` : `${n.toFixed(1)} ${units[u]}`;
}

if (args.includes('--json')) {
  console.log(JSON.stringify(rows, null, 2));
} else {
  const width = Math.max(10, ...rows.map(r => r.baseModel.length));
  console.log('BASE MODEL'.padEnd(width) + '  FILES  SIZE');
  for (const r of rows) {
    console.log(r.baseModel.padEnd(width) + '  ' + String(r.files).padStart(5) + '  ' + human(r.bytes));
  }
  const total = rows.reduce((s, r) => s + r.bytes, 0);
  console.log('total'.padEnd(width) + '  ' + String(rows.reduce((s, r) => s + r.files, 0)).padStart(5) + '  ' + human(total));
}
