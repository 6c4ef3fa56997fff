// A Markdown report of local files that are not the latest version of their CivitAI model,
// from what the catalog has cached (run 'tsr db cache' or 'tsr db link' first to refresh it).
// Usage: tsr run examples/scripts/outdated-report.js > outdated.md
const rows = tsr.sql(`
  SELECT lf.file_path       AS path,
         m.name             AS model,
         m.civitai_id       AS modelId,
         mine.name          AS localVersion,
         latest.name        AS latestVersion,
         latest.civitai_id  AS latestVersionId,
         latest.published_at AS published
    FROM local_files lf
    JOIN model_versions mine ON mine.civitai_id = lf.civitai_version_id
    JOIN models m ON m.id = mine.model_id
    JOIN model_versions latest ON latest.model_id = m.id AND latest.version_index = 0
   WHERE lf.missing_since IS NULL AND mine.version_index > 0
   ORDER BY m.name, lf.file_path`);

console.log('# Outdated models');
console.log('');
if (rows.length === 0) {
  console.log('Every linked file is the latest version of its model.');
} else {
  console.log(`${rows.length} file${rows.length === 1 ? '' : 's'} with a newer version on CivitAI.`);
  console.log('');
  console.log('| Model | Local version | Latest version | Published | File |');
  console.log('|---|---|---|---|---|');
  const cell = s => String(s ?? '').replace(/\|/g, '\\|');
  for (const r of rows) {
    const link = `[${cell(r.latestVersion)}](https://civitai.com/models/${r.modelId}?modelVersionId=${r.latestVersionId})`;
    console.log(`| ${cell(r.model)} | ${cell(r.localVersion)} | ${link} | ${cell((r.published ?? '').slice(0, 10))} | \`${cell(r.path)}\` |`);
  }
}
