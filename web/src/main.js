// The page: signing in, then the chat and live views wired to the forms, buttons and file picker.
import { api } from './api.js';
import { Calls } from './calls.js';
import { Chat } from './chat.js';
import { titleOf } from './conversations.js';
import { download, signedUrls, upload, formatSize } from './files.js';
import { Live } from './live.js';
import { VoiceRecorder, voiceContent } from './voice.js';

const $ = (id) => document.getElementById(id);
const setStatus = (text) => { $('status').textContent = text; };

// One device per tab: a reloaded tab takes its own place back, a second tab is a second device.
const device = (sessionStorage.device ||= `web-${crypto.randomUUID().slice(0, 8)}`);

$('account').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const credentials = { username: String(form.get('username')).toLowerCase(), password: form.get('password') };
  $('signin-error').textContent = '';
  try {
    if (event.submitter?.value === 'register') await api('POST', '/api/users', { body: credentials });
    const session = await api('POST', '/api/sessions', { body: credentials });
    sessionStorage.session = JSON.stringify({ token: session.token, user: session.user });
    start(session);
  } catch (error) {
    $('signin-error').textContent = error.message;
  }
});

function start({ token, user }) {
  $('signin').hidden = true;
  $('app').hidden = false;
  $('signout').hidden = false;
  $('me').textContent = user;
  document.title = `Gatewise — ${user}`;

  const live = new Live({ token, publishTarget: () => chat.current && (chat.current.startsWith('g:')
    ? { group: chat.current.slice(2) } : { to: titleOf(chat.current, user) }) });
  const showChat = () => {
    live.hide();
    $('live').hidden = true;
    $('chat').hidden = false;
  };
  const showLive = () => {
    $('chat').hidden = true;
    $('live').hidden = false;
    live.show();
    $('live-title').focus();
  };
  const chat = new Chat({ token, user, device, onStatus: setStatus,
    onFatal: (error) => signedOut(error.code === 'replaced' ? 'This tab was signed in again elsewhere.'
      : 'Your session has ended; please sign in again.'),
    actions: {
      me: user,
      select: (id) => {
        showChat();
        // Calls are between two people: a direct conversation with someone else.
        $('call-buttons').hidden = !id.startsWith('dm:') || titleOf(id, user) === user;
        chat.open(id).then(() => $('compose-text').focus());
      },
      call: (frame) => calls.frame(frame),
      announce: (text) => { $('announcer').textContent = text; },
      thumbnail: async (id) => (await signedUrls(id, token)).thumbnail,
      voiceUrls: (id) => signedUrls(id, token),
      download: (id, name) => download(id, name, token)
        .catch((error) => setStatus(`download failed: ${error.message}`)),
      watch: (stream) => {
        showLive();
        live.play(stream);
      },
    } });
  const calls = new Calls({ connection: chat.connection, token, user });
  chat.start();
  $('open-dm').peer.focus();
  $('call-audio').onclick = () => calls.start(titleOf(chat.current, user), false);
  $('call-video').onclick = () => calls.start(titleOf(chat.current, user), true);

  $('show-live').onclick = showLive;
  $('live-title').tabIndex = -1;
  $('open-dm').onsubmit = (event) => {
    event.preventDefault();
    const peer = String(new FormData(event.target).get('peer')).trim().toLowerCase();
    event.target.reset();
    chat.actions.select(`dm:${[user, peer].sort().join(':')}`);
  };
  $('open-dm').peer.oninput = (event) => suggestUsers(event.target.value, token);
  $('new-group').onsubmit = async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    const members = String(form.get('members')).split(/[\s,]+/).filter(Boolean).map((name) => name.toLowerCase());
    try {
      showChat();
      await chat.createGroup(String(form.get('name')), members);
      event.target.reset();
      event.target.closest('details').open = false;
      $('compose-text').focus();
    } catch (error) {
      setStatus(`could not create the group: ${error.message}`);
    }
  };
  $('compose').onsubmit = (event) => {
    event.preventDefault();
    const text = $('compose-text').value.trim();
    if (!text) return;
    chat.sendText(text);
    event.target.reset();
  };
  new VoiceRecorder({ button: $('record'), cancel: $('record-cancel'), clock: $('record-clock'),
    onClip: (file) => sendFile(chat, file, token, true), onError: setStatus });
  $('attach').onchange = (event) => {
    for (const file of event.target.files) sendFile(chat, file, token);
    event.target.value = '';
  };
  $('older').onclick = () => chat.current && chat.loadOlder(chat.store.get(chat.current)).catch(() => {});
  $('log').onscroll = () => {
    if ($('log').scrollTop < 40 && chat.current) chat.loadOlder(chat.store.get(chat.current)).catch(() => {});
  };
  $('signout').onclick = async () => {
    chat.stop();
    await api('DELETE', '/api/sessions', { token }).catch(() => {});
    signedOut('');
  };
  const signedOut = (message) => {
    chat.stop();
    live.hide();
    delete sessionStorage.session;
    sessionStorage.notice = message;
    location.reload();
  };
}

/**
 * Uploads with a progress bar in the uploads list, then sends the file to the conversation it was for; a
 * voice clip is processed by the server first (its answer carries the duration and waveform).
 */
async function sendFile(chat, file, token, voice = false) {
  const conversation = chat.current;
  const item = document.createElement('li');
  const label = document.createElement('span');
  label.textContent = `${file.name} (${formatSize(file.size)})`;
  const bar = document.createElement('progress');
  bar.max = 1;
  bar.value = 0;
  bar.setAttribute('aria-label', `Uploading ${file.name}`);
  const percent = document.createElement('span');
  item.append(label, bar, percent);
  $('uploads').append(item);
  try {
    const id = await upload(file, token, (sent, total) => {
      bar.value = total ? sent / total : 0;
      percent.textContent = `${Math.floor(bar.value * 100)}%`;
    });
    if (voice) {
      percent.textContent = 'processing…';
      const info = await api('POST', `/files/${id}/voice`, { token });
      chat.sendFile(conversation, id, voiceContent(info), 'voice');
    } else {
      chat.sendFile(conversation, id, await api('GET', `/files/${id}/info`, { token }));
    }
    item.remove();
  } catch (error) {
    percent.textContent = `failed: ${error.message}`;
    percent.setAttribute('role', 'alert');
  }
}

let suggestTimer;
function suggestUsers(prefix, token) {
  clearTimeout(suggestTimer);
  if (prefix.length < 1) return;
  suggestTimer = setTimeout(async () => {
    const { users } = await api('GET', `/api/users?q=${encodeURIComponent(prefix.toLowerCase())}&limit=10`, { token })
      .catch(() => ({ users: [] }));
    $('user-suggestions').replaceChildren(...users.map((name) => Object.assign(document.createElement('option'),
      { value: name })));
  }, 200);
}

// A session survives reloads of this tab; a token the server no longer knows sends us to sign in.
async function resume() {
  $('signin-error').textContent = sessionStorage.notice ?? '';
  delete sessionStorage.notice;
  const saved = sessionStorage.session && JSON.parse(sessionStorage.session);
  if (!saved) return;
  try {
    await api('GET', '/api/users/me', { token: saved.token });
    start(saved);
  } catch (error) {
    if (error.status === 401) delete sessionStorage.session;
    else start(saved); // the server is away: the chat reconnects by itself
  }
}
resume();
