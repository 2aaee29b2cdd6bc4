// Files over HTTP beside the chat: resumable uploads with tus-js-client (loaded on first use), and signed
// URLs for what a tag or a plain link must open without the Authorization header.
import { api } from './api.js';

// Small enough that a dropped connection costs little and proxies' body limits do not bite, large
// enough that a gigabyte is a few hundred requests.
const CHUNK_SIZE = 4 * 1024 * 1024;

/**
 * Uploads a File; resolves with its id. tus retries by itself while the network is up; when the browser
 * goes offline it stops, so this waits for 'online' and resumes from where the server says it stands.
 */
export async function upload(file, token, onProgress) {
  const { Upload } = await import('tus-js-client');
  return new Promise((resolve, reject) => {
    const resumeWhenOnline = () => window.addEventListener('online', () => tus.start(), { once: true });
    const tus = new Upload(file, {
      endpoint: '/files',
      headers: { Authorization: `Bearer ${token}` },
      metadata: { filename: file.name, filetype: file.type || 'application/octet-stream' },
      chunkSize: CHUNK_SIZE,
      retryDelays: [0, 1000, 3000, 5000, 10000],
      // The fingerprint store would resume an old upload of the same file; each send is a new upload here.
      storeFingerprintForResuming: false,
      onProgress: (sent, total) => onProgress(sent, total),
      onSuccess: () => resolve(tus.url.slice(tus.url.lastIndexOf('/') + 1)),
      onError: (error) => (navigator.onLine ? reject(error) : resumeWhenOnline()),
    });
    tus.start();
  });
}

const signed = new Map();

/** A URL for the file and its thumbnail that works without a token, renewed before it expires. */
export async function signedUrls(id, token) {
  const cached = signed.get(id);
  if (cached && cached.expiresAt - Date.now() > 60_000) return cached;
  const answer = await api('POST', `/files/${encodeURIComponent(id)}/url`, { token });
  signed.set(id, answer);
  return answer;
}

/** Saves the file under its original name (the server's Content-Disposition carries it). */
export async function download(id, name, token) {
  const { url } = await signedUrls(id, token);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
}

export function formatSize(bytes) {
  const units = ['B', 'KB', 'MB', 'GB'];
  let size = bytes;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit++;
  }
  return `${unit ? size.toFixed(1) : size} ${units[unit]}`;
}
