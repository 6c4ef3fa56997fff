// Files with the same content (same SHA256) at more than one path, and the space the extra copies take.
// Usage: tsr run examples/scripts/duplicates.js [--json]
const bySha = new Map();
for (const f of tsr.files().filter(f => f.missingSince === null)) {
  bySha.set(f.sha256, [...(bySha.get(f.sha256) ?? []), f]);
}
const groups = [...bySha.values()]
  .filter(g => g.length > 1)
  .map(g => ({ sha256: g[0].sha256, model: g[0].modelName, size: g[0].fileSize, paths: g.map(f => f.filePath).sort() }))
  .sort((a, b) => b.size * (b.paths.length - 1) - a.size * (a.paths.length - 1));

if (args.includes('--json')) {
  console.log(JSON.stringify(groups, null, 2));
} else if (groups.length === 0) {
  console.log('No duplicate files.');
} else {
  for (const g of groups) {
    console.log(`${g.sha256.slice(0, 10)}  ${g.model ?? '(unlinked)'}  ${g.paths.length} copies of ${g.size} bytes`);
    for (const p of g.paths) console.log(`  ${p}`);
  }
  const wasted = groups.reduce((s, g) => s + g.size * (g.paths.length - 1), 0);
  console.log(`${groups.length} duplicated file${groups.length === 1 ? '' : 's'}; ${wasted} bytes in extra copies`);
}
