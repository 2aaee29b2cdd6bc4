// 1:1 calls: the call and video-call buttons, the incoming-call screen (on every device of the callee),
// the call screen with both videos, mute, camera off and hang up. Signalling rides on the chat connection
// as `call` frames; media goes peer to peer over WebRTC, through the TURN relay of GET /api/turn.
import { api } from './api.js';

const $ = (id) => document.getElementById(id);

/** How a `call` message reads in the history. */
export function callText(content, mine) {
  const what = content.media?.includes('video') ? 'Video call' : 'Call';
  if (content.result === 'ended') return `${what}, ${formatDuration(content.duration ?? 0)}`;
  if (content.result === 'rejected') return `${what} declined`;
  return mine ? `${what} not answered` : `Missed ${what.toLowerCase()}`;
}

function formatDuration(seconds) {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

const ENDED = {
  'answered-elsewhere': 'Answered on another device',
  reject: 'Declined',
  busy: 'Busy',
  cancel: 'Call cancelled',
  hangup: 'Call ended',
  missed: 'No answer',
};

export class Calls {
  constructor({ connection, token, user }) {
    Object.assign(this, { connection, token, user });
    this.call = null;
    $('call-accept').onclick = () => this.accept();
    $('call-decline').onclick = () => this.decline();
    $('call-hangup').onclick = () => this.hangup();
    $('call-mute').onclick = () => this.toggle('audio', $('call-mute'), 'Mute', 'Unmute');
    $('call-camera').onclick = () => this.toggle('video', $('call-camera'), 'Camera off', 'Camera on');
  }

  /** Starts a call to peer; video adds the camera. */
  async start(peer, video) {
    if (this.call) return;
    const media = video ? ['audio', 'video'] : ['audio'];
    const call = this.call = { id: crypto.randomUUID(), peer, media, caller: true, pending: [] };
    this.show(call, `Calling ${peer}…`, { incoming: false });
    try {
      await this.prepare(call);
      await this.connection.request({ type: 'call', action: 'invite', callId: call.id, to: peer, media });
    } catch (error) {
      this.finish(call, `Call failed: ${error.message}`);
    }
  }

  /** A `call` frame from the server. */
  async frame(frame) {
    const call = this.call?.id === frame.callId ? this.call : null;
    if (frame.action === 'invite') return this.incoming(frame);
    if (!call) return;
    if (frame.action === 'ringing') {
      this.status(`Ringing ${call.peer}…`);
    } else if (frame.action === 'accept') {
      this.status('Connecting…');
      await this.offer(call);
    } else if (frame.action === 'signal') {
      await this.signal(call, frame);
    } else if (ENDED[frame.action]) {
      this.finish(call, frame.reason === 'offline' ? `${call.peer} is offline` : ENDED[frame.action]);
    }
  }

  incoming(frame) {
    if (this.call) {
      // One call at a time: the other caller hears busy.
      this.send({ action: 'busy', callId: frame.callId });
      return;
    }
    this.call = { id: frame.callId, peer: frame.from, media: frame.media, caller: false, pending: [] };
    const kind = frame.media.includes('video') ? 'video call' : 'call';
    this.show(this.call, `Incoming ${kind} from ${frame.from}`, { incoming: true });
    this.send({ action: 'ringing', callId: frame.callId });
  }

  async accept() {
    const call = this.call;
    if (!call || call.caller) return;
    this.show(call, `In call with ${call.peer}`, { incoming: false });
    try {
      await this.prepare(call);
      await this.connection.request({ type: 'call', action: 'accept', callId: call.id });
      this.status('Connecting…');
    } catch (error) {
      this.finish(call, `Call failed: ${error.message}`);
    }
  }

  decline() {
    if (!this.call) return;
    this.send({ action: 'reject', callId: this.call.id });
    this.finish(this.call, 'Declined');
  }

  hangup() {
    const call = this.call;
    if (!call) return;
    this.send({ action: call.caller && !call.connected ? 'cancel' : 'hangup', callId: call.id });
    this.finish(call, 'Call ended');
  }

  toggle(kind, button, on, off) {
    const tracks = this.call?.local?.getTracks().filter((track) => track.kind === kind) ?? [];
    if (!tracks.length) return;
    const enabled = !tracks[0].enabled;
    tracks.forEach((track) => { track.enabled = enabled; });
    button.textContent = enabled ? on : off;
    button.setAttribute('aria-pressed', String(!enabled));
  }

  /** Camera and microphone, and the peer connection with the TURN relay. */
  async prepare(call) {
    const turn = await api('GET', '/api/turn', { token: this.token }).catch(() => null);
    call.local = await navigator.mediaDevices.getUserMedia({ audio: true, video: call.media.includes('video') });
    if (this.call !== call) {
      call.local.getTracks().forEach((track) => track.stop());
      throw new Error('ended');
    }
    $('local-video').srcObject = call.local;
    $('call-camera').hidden = !call.media.includes('video');
    // relay forces the TURN path (the browser tests use it; so can a user who hides their address).
    const pc = new RTCPeerConnection({
      iceServers: turn ? [{ urls: turn.urls, username: turn.username, credential: turn.credential }] : [],
      iceTransportPolicy: turn && localStorage.iceTransportPolicy === 'relay' ? 'relay' : 'all',
    });
    call.pc = pc;
    window.gatewiseCall = call;
    call.local.getTracks().forEach((track) => pc.addTrack(track, call.local));
    pc.onicecandidate = ({ candidate }) => candidate
      && this.send({ action: 'signal', callId: call.id, candidate: candidate.toJSON() });
    pc.ontrack = ({ streams }) => { $('remote-video').srcObject = streams[0]; };
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === 'connected') {
        call.connected = true;
        this.status(`In call with ${call.peer}`);
      } else if (pc.connectionState === 'failed') {
        this.hangup();
      }
    };
  }

  async offer(call) {
    call.connected = true;
    const offer = await call.pc.createOffer();
    await call.pc.setLocalDescription(offer);
    this.send({ action: 'signal', callId: call.id, sdp: { type: offer.type, sdp: offer.sdp } });
  }

  async signal(call, { sdp, candidate }) {
    const pc = call.pc;
    if (!pc) return;
    if (candidate) {
      // Candidates may come before the description they belong to.
      if (pc.remoteDescription) await pc.addIceCandidate(candidate).catch(() => {});
      else call.pending.push(candidate);
      return;
    }
    await pc.setRemoteDescription(sdp);
    if (sdp.type === 'offer') {
      const answer = await pc.createAnswer();
      await pc.setLocalDescription(answer);
      this.send({ action: 'signal', callId: call.id, sdp: { type: answer.type, sdp: answer.sdp } });
    }
    for (const pending of call.pending.splice(0)) await pc.addIceCandidate(pending).catch(() => {});
  }

  send(fields) {
    this.connection.send({ type: 'call', ...fields });
  }

  show(call, text, { incoming }) {
    $('call').hidden = false;
    // An audio call shows no video boxes.
    $('call-videos').hidden = !call.media.includes('video');
    $('call-incoming').hidden = !incoming;
    $('call-controls').hidden = incoming;
    $('call-mute').textContent = 'Mute';
    $('call-camera').textContent = 'Camera off';
    this.status(text);
  }

  status(text) {
    $('call-status').textContent = text;
  }

  finish(call, text) {
    if (this.call !== call) return;
    this.call = null;
    call.pc?.close();
    call.local?.getTracks().forEach((track) => track.stop());
    $('local-video').srcObject = null;
    $('remote-video').srcObject = null;
    $('call-incoming').hidden = true;
    $('call-controls').hidden = true;
    this.status(text);
    clearTimeout(this.hideTimer);
    this.hideTimer = setTimeout(() => { if (!this.call) $('call').hidden = true; }, 2500);
  }
}
