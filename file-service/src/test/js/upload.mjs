// Uploads one file with tus-js-client, as an app would, and prints one JSON line per request and a last
// line with the upload's URL. Usage: node upload.mjs ENDPOINT TOKEN FILE
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Upload } from 'tus-js-client';

const [endpoint, token, file] = process.argv.slice(2);
const data = readFileSync(file);

const upload = new Upload(data, {
  endpoint,
  headers: { Authorization: `Bearer ${token}` },
  metadata: { filename: basename(file), filetype: 'application/octet-stream' },
  retryDelays: [0, 250, 500, 1000, 2000],
  onBeforeRequest(req) {
    console.log(JSON.stringify({ request: req.getMethod(), offset: req.getHeader('Upload-Offset') ?? null }));
  },
  onError(error) {
    console.log(JSON.stringify({ error: String(error) }));
    process.exit(1);
  },
  onSuccess() {
    console.log(JSON.stringify({ done: upload.url }));
  },
});
upload.start();
