// Live video: the list of streams (GET /api/streams), playback with hls.js (its light build, loaded on
// first use; native HLS where there are no Media Source Extensions, as in iPhones' Safari), and the RTMP
// server and stream key to paste into OBS or ffmpeg.
import { api } from './api.js';

const $ = (id) => document.getElementById(id);
const REFRESH_MS = 10_000;

export class Live {
  constructor({ token, publishTarget }) {
    this.token = token;
    this.publishTarget = publishTarget;
    // RTMP's default port until the server names its relay.
    this.rtmpBase = `rtmp://${location.hostname}/live`;
    $('go-live').addEventListener('input', () => this.showCredentials());
    $('go-live').addEventListener('submit', (event) => event.preventDefault());
    for (const button of document.querySelectorAll('[data-copy]')) {
      button.addEventListener('click', () => navigator.clipboard?.writeText($(button.dataset.copy).value));
    }
  }

  show() {
    this.showCredentials();
    this.refresh();
    clearInterval(this.timer);
    this.timer = setInterval(() => this.refresh(), REFRESH_MS);
  }

  hide() {
    clearInterval(this.timer);
    this.stopPlayback();
  }

  async refresh() {
    try {
      const { streams, publish } = await api('GET', '/api/streams', { token: this.token });
      $('live-error').textContent = '';
      // The server says where publishers reach its relay (rtmp://HOST:PORT/live/STREAM?token=TOKEN).
      if (publish) this.rtmpBase = publish.slice(0, publish.lastIndexOf('/'));
      this.render(streams);
      this.showCredentials();
    } catch (error) {
      $('live-error').textContent = error.status === 404 ? 'Live video is not enabled on this server.'
        : `Could not load the streams: ${error.message}`;
    }
  }

  render(streams) {
    const list = $('streams');
    if (!streams.length) {
      const empty = document.createElement('li');
      empty.textContent = 'Nobody is live right now.';
      list.replaceChildren(empty);
      return;
    }
    list.replaceChildren(...streams.map((stream) => {
      const item = document.createElement('li');
      const thumbnail = document.createElement('img');
      // A new picture every refresh (the URL alone would stay cached); a stream that has only just
      // started has none yet, so ask again shortly.
      const load = () => { thumbnail.src = `${stream.thumbnail}?t=${Date.now()}`; };
      thumbnail.onerror = () => setTimeout(() => thumbnail.isConnected && load(), 2000);
      thumbnail.alt = '';
      load();
      const title = document.createElement('strong');
      title.textContent = stream.name;
      const by = document.createElement('div');
      by.textContent = `by ${stream.publisher} since ${new Date(stream.startedAt).toLocaleTimeString()}`;
      const watch = document.createElement('button');
      watch.type = 'button';
      watch.textContent = `Watch ${stream.name}`;
      watch.onclick = () => this.play(stream.name, stream.hls);
      item.append(thumbnail, title, by, watch);
      return item;
    }));
  }

  async play(name, hlsUrl) {
    this.stopPlayback();
    const video = $('video');
    $('player').hidden = false;
    $('player-title').textContent = `Watching ${name}`;
    // hls.js wherever Media Source Extensions exist: it plays the same everywhere. Native HLS only where
    // they do not (iPhones' Safari): Chromium now also claims native HLS, but its demuxer is not yet what
    // hls.js is.
    if (!window.MediaSource && !window.ManagedMediaSource && video.canPlayType('application/vnd.apple.mpegurl')) {
      video.src = hlsUrl;
    } else {
      const { default: Hls } = await import('hls.js/light');
      if (!Hls.isSupported()) {
        $('live-error').textContent = 'This browser cannot play live video.';
        return;
      }
      this.hls = new Hls({ liveSyncDurationCount: 2 });
      // A live playlist appears once it lists three segments (docs/architecture.md): a stream that has
      // only just started answers 404 for a few seconds, which hls.js does not retry on its own.
      let waits = 0;
      this.hls.on(Hls.Events.ERROR, (_, data) => {
        if (!data.fatal) return;
        if (data.details === Hls.ErrorDetails.MANIFEST_LOAD_ERROR && data.response?.code === 404 && waits++ < 30) {
          const hls = this.hls;
          setTimeout(() => this.hls === hls && hls.loadSource(hlsUrl), 1000);
          return;
        }
        $('live-error').textContent = `Playback stopped: ${data.details}`;
      });
      this.hls.loadSource(hlsUrl);
      this.hls.attachMedia(video);
    }
    video.play().catch(() => {}); // muted autoplay is allowed; otherwise the controls are there
    video.focus();
  }

  stopPlayback() {
    this.hls?.destroy();
    this.hls = null;
    const video = $('video');
    video.removeAttribute('src');
    video.load();
  }

  showCredentials() {
    const form = new FormData($('go-live'));
    const stream = String(form.get('stream') || 'cam1');
    const announce = form.get('announce') ? this.publishTarget() : null;
    const query = new URLSearchParams({ token: this.token, ...(announce ?? {}) });
    const key = `${stream}?${query}`;
    $('rtmp-server').value = this.rtmpBase;
    $('rtmp-key').value = key;
    $('ffmpeg-command').value = 'ffmpeg -re -i INPUT.mp4 -c:v libx264 -preset veryfast -g 50 -c:a aac '
      + `-f flv '${this.rtmpBase}/${key}'`;
  }
}
