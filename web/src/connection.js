// One chat connection to /ws that stays up: it authenticates, sends the protocol's heartbeat, reconnects
// with backoff, and matches answers to requests by id. Every other frame goes to onFrame.

// Errors after which connecting again cannot help: the token is bad or its session ended, or this tab was replaced.
const FATAL = new Set(['auth_failed', 'token_expired', 'session_ended', 'replaced', 'not_authenticated']);

export class Disconnected extends Error {}

export class Connection {
  constructor({ token, device, onReady, onFrame, onStatus, onFatal }) {
    Object.assign(this, { token, device, onReady, onFrame, onStatus, onFatal });
    this.waiting = new Map();
    this.nextId = 1;
    this.retryDelay = 500;
    this.stopped = false;
    this.ready = false;
    this.reconnectNow = () => this.socket?.readyState !== WebSocket.OPEN && this.connect();
    window.addEventListener('online', this.reconnectNow);
  }

  connect() {
    clearTimeout(this.retryTimer);
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${location.host}/ws`);
    this.socket = socket;
    this.onStatus('connecting…');
    socket.onopen = () => socket.send(JSON.stringify({ type: 'auth', id: 'auth', token: this.token,
      device: this.device }));
    socket.onmessage = (event) => this.receive(JSON.parse(event.data));
    socket.onclose = () => this.closed(socket);
  }

  receive(frame) {
    this.lastHeard = Date.now();
    if (frame.type === 'auth_ok') {
      this.ready = true;
      this.retryDelay = 500;
      this.startHeartbeat(frame.heartbeatSeconds);
      this.onStatus(`online as ${frame.user}`);
      this.onReady(frame);
      return;
    }
    if (frame.type === 'error' && FATAL.has(frame.code)) {
      this.stop();
      this.onFatal(frame);
      return;
    }
    const waiting = frame.id && this.waiting.get(frame.id);
    if (waiting) {
      this.waiting.delete(frame.id);
      if (frame.type === 'error') {
        waiting.reject(Object.assign(new Error(frame.message), { code: frame.code }));
      } else {
        waiting.resolve(frame);
      }
    } else {
      this.onFrame(frame);
    }
  }

  // The server closes idle connections; a network that silently dropped us is noticed when nothing,
  // not even a pong, has come back for two heartbeats.
  startHeartbeat(seconds) {
    clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => {
      if (Date.now() - this.lastHeard > 2 * seconds * 1000 + 5000) {
        this.socket.close();
      } else {
        this.send({ type: 'ping' });
      }
    }, seconds * 1000);
  }

  closed(socket) {
    if (socket !== this.socket) return;
    this.ready = false;
    clearInterval(this.heartbeat);
    for (const waiting of this.waiting.values()) waiting.reject(new Disconnected('disconnected'));
    this.waiting.clear();
    if (this.stopped) return;
    this.onStatus('offline, reconnecting…');
    // Jitter spreads a server restart's reconnects out.
    const delay = this.retryDelay * (0.5 + Math.random() / 2);
    this.retryDelay = Math.min(this.retryDelay * 2, 10000);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  /** Sends a frame and resolves with its answer; rejects with the server's error or Disconnected. */
  request(frame) {
    if (!this.ready) return Promise.reject(new Disconnected('not connected'));
    const id = String(this.nextId++);
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.socket.send(JSON.stringify({ ...frame, id }));
    });
  }

  /** Sends a frame whose answer nobody needs, if connected. */
  send(frame) {
    if (this.ready) this.socket.send(JSON.stringify(frame));
  }

  stop() {
    this.stopped = true;
    this.ready = false;
    clearInterval(this.heartbeat);
    clearTimeout(this.retryTimer);
    window.removeEventListener('online', this.reconnectNow);
    this.socket?.close();
  }
}
