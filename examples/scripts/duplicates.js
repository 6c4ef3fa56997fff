// Duplicate files on disk, as 'tsr db dupes' finds them (tsr.duplicates()): identical bytes (SHA256),
// identical tensors under another header (AutoV3), several files of one CivitAI version. Hard links
// and symlinks to one file are one copy, not duplicates; they are listed under the copy they point to.
// Usage: tsr run examples/scripts/duplicates.js [--json]
const report = tsr.duplicates();
const kinds = { SAME_BYTES: 'identical bytes', SAME_TENSORS: 'identical tensors', SAME_VERSION: 'same CivitAI version' };
const groups = report.groups.map(g => ({
  kind: g.kind.toLowerCase(),
  key: g.key,
  model: g.label,
  copies: g.files.map(f => ({ path: f.filePath, size: f.fileSize, links: f.linkedPaths })),
  reclaimableBytes: g.reclaimableBytes,
}));

if (args.includes('--json')) {
  console.log(JSON.stringify({ groups, reclaimableBytes: report.reclaimableBytes }, null, 2));
} else if (groups.length === 0) {
  console.log('No duplicate files.');
} else {
  for (const g of report.groups) {
    console.log(`${kinds[g.kind] ?? g.kind} ${g.key}  ${g.label ?? '(unlinked)'}: ${g.files.length} copies, ${g.reclaimableBytes} bytes reclaimable`);
    for (const f of g.files) {
      console.log(`  ${f.filePath}`);
      for (const link of f.linkedPaths) console.log(`    same file: ${link}`);
    }
  }
  console.log(`${groups.length} group${groups.length === 1 ? '' : 's'}; ${report.reclaimableBytes} bytes reclaimable by keeping one copy of each`);
}
