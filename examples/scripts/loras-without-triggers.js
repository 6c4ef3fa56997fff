// LoRAs whose CivitAI version lists no trigger words: prompts cannot call them by name.
// Usage: tsr run examples/scripts/loras-without-triggers.js [--json]
const loras = tsr.files()
  .filter(f => f.missingSince === null)
  .filter(f => ['LORA', 'LoCon', 'DoRA'].includes(f.modelType))
  .filter(f => f.triggerWords.length === 0);

if (args.includes('--json')) {
  console.log(JSON.stringify(loras.map(f => ({ model: f.modelName, version: f.versionName, path: f.filePath })), null, 2));
} else if (loras.length === 0) {
  console.log('Every linked LoRA has trigger words.');
} else {
  for (const f of loras) {
    console.log(`${f.modelName} (${f.versionName})\t${f.filePath}`);
  }
  console.log(`${loras.length} LoRA${loras.length === 1 ? '' : 's'} without trigger words`);
}
