// Voice messages: recording with MediaRecorder (press to record, press again to send; Cancel or Escape
// throws the recording away), and the player drawn from the waveform and duration the server measured.

// What MediaRecorder can make, in order of preference: Opus in WebM (Chromium, Firefox), in Ogg, or AAC
// in MP4 (Safari). The server takes all of them and makes the AAC copy every player plays.
const TYPES = [['audio/webm;codecs=opus', 'webm'], ['audio/ogg;codecs=opus', 'ogg'], ['audio/mp4', 'm4a']];

export class VoiceRecorder {
  /** button starts and sends, cancel discards, clock shows the time; onClip(file) gets a finished clip. */
  constructor({ button, cancel, clock, onClip, onError }) {
    Object.assign(this, { button, cancel, clock, onClip, onError });
    this.recorder = null;
    button.onclick = () => (this.recorder ? this.finish(true) : this.start());
    cancel.onclick = () => this.finish(false);
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.recorder) this.finish(false);
    });
  }

  async start() {
    const [mimeType, extension] = TYPES.find(([type]) => MediaRecorder.isTypeSupported(type)) ?? ['', 'webm'];
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (error) {
      this.onError(`no microphone: ${error.message}`);
      return;
    }
    const chunks = [];
    const recorder = new MediaRecorder(stream, mimeType ? { mimeType } : {});
    recorder.ondataavailable = (event) => event.data.size && chunks.push(event.data);
    recorder.onstop = () => {
      stream.getTracks().forEach((track) => track.stop());
      if (!recorder.send || !chunks.length) return;
      const type = (recorder.mimeType || mimeType).split(';')[0];
      this.onClip(new File(chunks, `voice-${new Date().toISOString().replace(/[:.]/g, '-')}.${extension}`,
        { type }));
    };
    this.recorder = recorder;
    this.started = Date.now();
    recorder.start(250);
    this.show(true);
    this.tick = setInterval(() => { this.clock.textContent = formatDuration(Date.now() - this.started); }, 200);
  }

  finish(send) {
    const recorder = this.recorder;
    this.recorder = null;
    clearInterval(this.tick);
    this.show(false);
    recorder.send = send;
    recorder.stop();
  }

  show(recording) {
    this.button.textContent = recording ? 'Send voice' : 'Record';
    this.button.setAttribute('aria-pressed', String(recording));
    this.cancel.hidden = !recording;
    this.clock.hidden = !recording;
    this.clock.textContent = '0:00';
  }
}

/** What a voice message shows while it is being sent: the file's description with the server's figures. */
export function voiceContent(info) {
  const { voice, ...file } = info;
  return { ...file, durationMs: voice.durationMs, peaks: voice.peaks, playable: `${info.url}/playable` };
}

/**
 * The player: a play button, the waveform (bars fill as it plays) and the duration. The audio element
 * offers the AAC copy first and the original second; the browser takes the first it can play.
 */
export function voiceBody(span, content, actions) {
  const duration = formatDuration(content.durationMs ?? 0);
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'play';
  button.textContent = '▶';
  button.setAttribute('aria-label', `Play voice message, ${duration}`);
  const wave = document.createElement('span');
  wave.className = 'waveform';
  wave.setAttribute('aria-hidden', 'true');
  const bars = (content.peaks ?? []).map((peak) => {
    const bar = document.createElement('span');
    bar.style.height = `${Math.max(8, peak)}%`;
    return bar;
  });
  wave.append(...bars);
  const time = document.createElement('span');
  time.className = 'duration';
  time.textContent = duration;
  const audio = document.createElement('audio');
  audio.preload = 'none';
  const played = () => {
    const fraction = audio.duration ? audio.currentTime / audio.duration : 0;
    bars.forEach((bar, i) => bar.classList.toggle('played', i < fraction * bars.length));
  };
  audio.ontimeupdate = played;
  audio.onended = () => {
    button.textContent = '▶';
    span.dataset.state = 'ended';
    played();
  };
  audio.onpause = () => { button.textContent = '▶'; };
  audio.onplay = () => {
    button.textContent = '⏸';
    span.dataset.state = 'playing';
  };
  button.onclick = async () => {
    if (!audio.paused) {
      audio.pause();
      return;
    }
    if (!audio.childElementCount) {
      const urls = await actions.voiceUrls(content.id);
      audio.append(source(urls.playable, 'audio/mp4'), source(urls.url, content.contentType));
    }
    audio.play().catch((error) => { time.textContent = `${duration} (cannot play: ${error.message})`; });
  };
  span.append(button, wave, time, audio);
}

function source(src, type) {
  return Object.assign(document.createElement('source'), { src, type });
}

export function formatDuration(ms) {
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
