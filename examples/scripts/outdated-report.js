// A Markdown report of local files with a newer version of their CivitAI model, as 'tsr db outdated'
// finds them (tsr.outdated()): newer means published later, for the same base model. Answered from
// what the catalog has cached: run 'tsr db outdated --refresh' or 'tsr db cache ID' first to refresh it.
// Usage: tsr run examples/scripts/outdated-report.js > outdated.md
const rows = tsr.outdated();

console.log('# Outdated models');
console.log('');
if (rows.length === 0) {
  console.log('Every linked file is the latest version of its model for its base model, as far as the cache knows.');
} else {
  console.log(`${rows.length} file${rows.length === 1 ? '' : 's'} with a newer version on CivitAI.`);
  console.log('');
  console.log('| Model | Base model | Local version | Published | Latest version | Published | Download | File |');
  console.log('|---|---|---|---|---|---|---|---|');
  const cell = s => String(s ?? '').replace(/\|/g, '\\|');
  const when = iso => cell((iso ?? '').slice(0, 16).replace('T', ' ')); // to the minute: versions of one day differ
  for (const r of rows) {
    const latest = `[${cell(r.latestVersionName)}](${r.latestPageUrl})`;
    const download = r.latestDownloadUrl ? `[download](${r.latestDownloadUrl})` : '';
    console.log(`| ${cell(r.modelName)} | ${cell(r.baseModel)} | ${cell(r.localVersionName)} | ${when(r.localPublishedAt)} | ${latest} | ${when(r.latestPublishedAt)} | ${download} | \`${cell(r.filePath)}\` |`);
  }
}
