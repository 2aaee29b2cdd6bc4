// A small chat client on the WebSocket protocol (docs/protocol.md): sign in, open a direct
// conversation, send and receive, catch up by sync after every (re)connect, read receipts.
'use strict';

const state = { token: null, user: null, socket: null, conversations: new Map(), current: null,
  pending: new Map(), requests: new Map(), nextId: 1, retry: 500 };
const $ = (id) => document.getElementById(id);

function setStatus(text) { $('status').textContent = text; }

async function api(path, body) {
  const response = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body) });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(answer.message || response.statusText);
  return answer;
}

$('account').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const credentials = { username: form.get('username'), password: form.get('password') };
  $('signin-error').textContent = '';
  try {
    if (event.submitter && event.submitter.value === 'register') await api('/api/users', credentials);
    const session = await api('/api/sessions', credentials);
    state.token = session.token;
    state.user = session.user;
    $('signin').hidden = true;
    $('chat').hidden = false;
    connect();
  } catch (error) {
    $('signin-error').textContent = error.message;
  }
});

function request(frame) {
  const id = String(state.nextId++);
  return new Promise((resolve, reject) => {
    state.requests.set(id, { resolve, reject });
    state.socket.send(JSON.stringify({ ...frame, id }));
  });
}

function connect() {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const socket = new WebSocket(`${scheme}://${location.host}/ws`);
  state.socket = socket;
  setStatus('connecting…');
  socket.onopen = () => socket.send(JSON.stringify({ type: 'auth', id: 'auth', token: state.token,
    device: 'browser-' + (sessionStorage.device ||= Math.random().toString(36).slice(2)) }));
  socket.onmessage = (event) => receive(JSON.parse(event.data));
  socket.onclose = () => {
    setStatus('reconnecting…');
    setTimeout(connect, state.retry = Math.min(state.retry * 2, 10000));
  };
}

async function receive(frame) {
  const waiting = frame.id && state.requests.get(frame.id);
  if (frame.type === 'auth_ok') {
    state.retry = 500;
    setStatus(`signed in as ${frame.user}`);
    clearInterval(state.heartbeat);
    state.heartbeat = setInterval(() => state.socket.readyState === 1 && state.socket.send('{"type":"ping"}'),
      frame.heartbeatSeconds * 1000);
    await refresh();
  } else if (waiting) {
    state.requests.delete(frame.id);
    frame.type === 'error' ? waiting.reject(new Error(frame.message)) : waiting.resolve(frame);
  } else if (frame.type === 'push') {
    addMessages(frame.message.conversation, [frame.message]);
  } else if (frame.type === 'receipt') {
    const conversation = state.conversations.get(frame.conversation);
    if (conversation && frame.user !== state.user) {
      conversation[frame.kind === 'read' ? 'peerRead' : 'peerDelivered'] = frame.seq;
      render();
    }
  } else if (frame.type === 'error') {
    setStatus(`error: ${frame.message}`);
  }
}

// After every connect: the conversation list, then whatever each conversation missed.
async function refresh() {
  const list = await request({ type: 'conversations', limit: 100 });
  for (const summary of list.conversations) {
    const conversation = conversationOf(summary.conversation, summary.peer || summary.name);
    conversation.peerRead = summary.peerReadSeq || 0;
    conversation.peerDelivered = summary.peerDeliveredSeq || 0;
    conversation.readSeq = summary.readSeq;
    let after = conversation.lastSeq || Math.max(0, summary.lastSeq - 50);
    for (;;) {
      const page = await request({ type: 'sync', conversation: summary.conversation, afterSeq: after, limit: 200 });
      addMessages(summary.conversation, page.messages);
      if (!page.hasMore || page.messages.length === 0) break;
      after = page.messages[page.messages.length - 1].seq;
    }
  }
  render();
}

function conversationOf(id, title) {
  if (!state.conversations.has(id)) {
    state.conversations.set(id, { id, title, messages: new Map(), lastSeq: 0, readSeq: 0, peerRead: 0, peerDelivered: 0 });
  }
  return state.conversations.get(id);
}

function addMessages(id, messages) {
  const conversation = conversationOf(id, peerOf(id));
  for (const message of messages) {
    conversation.messages.set(message.msgId, message); // deduplicated by server id
    conversation.lastSeq = Math.max(conversation.lastSeq, message.seq);
    state.pending.delete(message.clientMsgId);
  }
  if (messages.length) {
    state.socket.send(JSON.stringify({ type: 'delivered', conversation: id, seq: conversation.lastSeq }));
  }
  if (state.current === id) markRead(conversation);
  render();
}

function peerOf(id) {
  const [kind, a, b] = id.split(':');
  return kind === 'dm' ? (a === state.user ? b : a) : id;
}

function markRead(conversation) {
  if (conversation.lastSeq > conversation.readSeq && document.visibilityState === 'visible') {
    conversation.readSeq = conversation.lastSeq;
    state.socket.send(JSON.stringify({ type: 'read', conversation: conversation.id, seq: conversation.lastSeq }));
  }
}

$('open').addEventListener('submit', (event) => {
  event.preventDefault();
  const peer = new FormData(event.target).get('peer').trim().toLowerCase();
  const id = 'dm:' + [state.user, peer].sort().join(':');
  conversationOf(id, peer);
  select(id);
  event.target.reset();
});

$('compose').addEventListener('submit', async (event) => {
  event.preventDefault();
  const conversation = state.conversations.get(state.current);
  const text = new FormData(event.target).get('text');
  const clientMsgId = crypto.randomUUID();
  state.pending.set(clientMsgId, { conversation: conversation.id, text });
  event.target.reset();
  render();
  const target = conversation.id.startsWith('g:') ? { group: conversation.id.slice(2) } : { to: conversation.title };
  try {
    const ack = await request({ type: 'send', clientMsgId, ...target, content: { text } });
    addMessages(conversation.id, [{ msgId: ack.msgId, conversation: ack.conversation, seq: ack.seq, from: state.user,
      content: { text }, clientMsgId, ts: ack.ts }]);
  } catch (error) {
    setStatus(`not sent: ${error.message}`);
  }
});

function select(id) {
  state.current = id;
  markRead(state.conversations.get(id));
  render();
}

function render() {
  const list = $('conversations');
  list.replaceChildren(...[...state.conversations.values()].map((conversation) => {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.textContent = conversation.title;
    button.setAttribute('aria-current', String(conversation.id === state.current));
    const unread = conversation.lastSeq - conversation.readSeq;
    if (unread > 0) {
      const badge = document.createElement('span');
      badge.className = 'badge';
      badge.textContent = unread;
      badge.setAttribute('aria-label', `${unread} unread`);
      button.append(badge);
    }
    button.onclick = () => select(conversation.id);
    item.append(button);
    return item;
  }));
  const conversation = state.conversations.get(state.current);
  $('compose').hidden = !conversation;
  if (!conversation) return;
  $('title').textContent = conversation.title;
  const messages = [...conversation.messages.values()].sort((a, b) => a.seq - b.seq);
  const pending = [...state.pending.entries()].filter(([, p]) => p.conversation === conversation.id);
  $('messages').replaceChildren(...messages.map((message) => line(message.from,
    message.content.text ?? `(${message.kind}${message.content.event ? ': ' + message.content.event : ''})`,
    message.from === state.user ? (message.seq <= conversation.peerRead ? 'read'
      : message.seq <= conversation.peerDelivered ? 'delivered' : 'sent') : '')),
  ...pending.map(([, p]) => line(state.user, p.text, 'sending…')));
  $('messages').lastElementChild?.scrollIntoView({ block: 'end' });
}

function line(from, text, status) {
  const item = document.createElement('li');
  const who = document.createElement('span');
  who.className = 'from';
  who.textContent = from;
  item.append(who, document.createTextNode(text ?? ''));
  if (status) {
    const mark = document.createElement('span');
    mark.className = 'state';
    mark.textContent = status;
    item.append(mark);
  }
  return item;
}

document.addEventListener('visibilitychange', () => {
  const conversation = state.conversations.get(state.current);
  if (conversation) markRead(conversation);
});
