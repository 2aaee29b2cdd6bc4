// Bundles the web client into one folder the gateway serves at / (usage: node build.mjs OUTDIR).
// Everything comes from node_modules at build time, so the page needs no internet. The code that only
// some visits need (hls.js, tus-js-client) is split into chunks loaded on first use, to keep the first
// load small.
import { build } from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

const out = process.argv[2] ?? 'dist';
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await build({
  entryPoints: { app: 'src/main.js' },
  bundle: true,
  splitting: true,
  format: 'esm',
  minify: true,
  target: ['es2020'],
  outdir: out,
  chunkNames: 'chunk-[hash]',
  legalComments: 'eof',
  logLevel: 'warning',
});
for (const file of ['index.html', 'app.css']) {
  await copyFile(join('src', file), join(out, file));
}
