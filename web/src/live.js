// Live video: the list of streams the user may watch (GET /api/streams), playback of their Low-Latency HLS
// by signed links with hls.js (its light build, loaded on first use) or natively where that works
// (Safari), how far behind live it is, and the RTMP server and stream key to paste into OBS or ffmpeg.
import { api } from './api.js';

const $ = (id) => document.getElementById(id);
const REFRESH_MS = 10_000;
// The signed segment of a playback link, /hls/EXPIRES.SIGNATURE/STREAM/…: every URI hls.js loads has it.
const SIGNED = /\/hls\/\d+\.[A-Za-z0-9_-]+\//;

// Native HLS where it plays Low-Latency HLS: Safari (and every browser on iPhones). Chromium also answers
// canPlayType for HLS, but its native player does not do LL-HLS (no parts, no blocking reloads) and has
// failed on fMP4 live streams, so it gets hls.js like Firefox; Chromium is told apart by its
// navigator.userAgentData, which Safari does not have.
function nativeHlsWorks(video) {
  const claims = video.canPlayType('application/vnd.apple.mpegurl') !== '';
  const mse = window.MediaSource || window.ManagedMediaSource;
  return claims && (!mse || !navigator.userAgentData);
}

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
      watch.onclick = () => this.play(stream.name);
      item.append(thumbnail, title, by, watch);
      return item;
    }));
  }

  // A stream plays by a signed link (GET /api/streams/NAME) that opens it for about an hour, for
  // whoever may watch it: the members of the conversation it is announced in.
  async link(name) {
    return api('GET', `/api/streams/${encodeURIComponent(name)}`, { token: this.token });
  }

  // A fresh link before the one playing runs out; hls.js swaps it into every request it makes.
  keepLinkFresh(name, link) {
    this.current = link;
    clearTimeout(this.linkTimer);
    this.linkTimer = setTimeout(() => this.link(name).then((fresh) => this.current === link
      && this.keepLinkFresh(name, fresh), () => {}), Math.max(10_000, (link.expiresAt - Date.now()) * 0.8));
  }

  async play(name) {
    this.stopPlayback();
    let link;
    try {
      link = await this.link(name);
    } catch (error) {
      $('live-error').textContent = error.status === 404 ? `${name} is not live, or not shared with you.`
        : `Could not play ${name}: ${error.message}`;
      return;
    }
    this.keepLinkFresh(name, link);
    const hlsUrl = link.hls;
    const video = $('video');
    $('player').hidden = false;
    $('player-title').textContent = `Watching ${name}`;
    if (nativeHlsWorks(video)) {
      // Safari plays Low-Latency HLS itself (and iPhones have no Media Source Extensions for hls.js); once
      // its link has run out, it starts again from the fresh one.
      video.src = hlsUrl;
      video.onerror = () => {
        if (this.current && this.current !== link) {
          link = this.current;
          video.src = link.hls;
          video.play().catch(() => {});
        }
      };
      this.showLatency(() => {
        const start = video.getStartDate?.().getTime();
        return Number.isFinite(start) ? start + video.currentTime * 1000 : NaN;
      });
    } else {
      const { default: Hls } = await import('hls.js/light');
      if (!Hls.isSupported()) {
        $('live-error').textContent = 'This browser cannot play live video.';
        return;
      }
      // Low-latency mode: blocking playlist reloads and parts, three parts behind the live edge, played up
      // to 1.5 times faster to get back there after a stall or a slow start. No backBufferLength: hls.js
      // 1.7.4's own trimming races part loads and stalls it about 3 s (docs/architecture.md, "Playback").
      this.hls = new Hls({ lowLatencyMode: true, maxLiveSyncPlaybackRate: 1.5,
        // The newest link's signature in every request, so playback outlives the first link.
        xhrSetup: (xhr, url) => xhr.open('GET', this.current ? url.replace(SIGNED, SIGNED.exec(this.current.hls)[0])
          : url, true) });
      window.gatewiseHls = this.hls; // for the browser tests and the curious
      // A live playlist appears once it lists three segments (docs/architecture.md): a stream that has
      // only just started answers 404 for a few seconds, which hls.js does not retry on its own.
      let waits = 0;
      this.hls.on(Hls.Events.ERROR, (_, data) => {
        if (!data.fatal) return;
        if (data.details === Hls.ErrorDetails.MANIFEST_LOAD_ERROR && data.response?.code === 404 && waits++ < 30) {
          const hls = this.hls;
          setTimeout(() => this.hls === hls && hls.loadSource(this.current.hls), 1000);
          return;
        }
        $('live-error').textContent = `Playback stopped: ${data.details}`;
      });
      this.hls.loadSource(hlsUrl);
      this.hls.attachMedia(video);
      const hls = this.hls;
      this.showLatency(() => hls.playingDate?.getTime() ?? NaN);
    }
    video.play().catch(() => {}); // muted autoplay is allowed; otherwise the controls are there
    video.focus();
  }

  // How far behind live the picture is: now minus the wall-clock time, by the gateway's clock, at which
  // the frame on screen reached the gateway (EXT-X-PROGRAM-DATE-TIME).
  showLatency(playingDate) {
    clearInterval(this.latencyTimer);
    const label = $('latency');
    this.latencyTimer = setInterval(() => {
      const date = playingDate();
      label.textContent = Number.isFinite(date) ? `${((Date.now() - date) / 1000).toFixed(1)} s behind live` : '';
    }, 1000);
  }

  stopPlayback() {
    clearInterval(this.latencyTimer);
    clearTimeout(this.linkTimer);
    this.current = null;
    $('latency').textContent = '';
    this.hls?.destroy();
    this.hls = null;
    const video = $('video');
    video.onerror = null;
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
