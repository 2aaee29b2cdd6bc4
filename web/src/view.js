// Drawing the chat: the conversation list and the open conversation's messages. Message elements are
// kept and reused, so a re-render neither loses focus nor makes screen readers read everything again.
import { unread } from './conversations.js';
import { formatSize } from './files.js';
import { callText } from './calls.js';
import { voiceBody } from './voice.js';

const $ = (id) => document.getElementById(id);

export function renderConversations(conversations, currentId, onSelect) {
  // The list is redrawn whole; keyboard focus stays on the conversation it was on.
  const focused = document.activeElement?.closest('#conversations button')?.dataset.id;
  $('conversations').replaceChildren(...conversations.map((conversation) => {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.id = conversation.id;
    button.setAttribute('aria-current', String(conversation.id === currentId));
    const title = document.createElement('span');
    title.className = 'title';
    title.textContent = conversation.title;
    button.append(title);
    const count = unread(conversation);
    if (count > 0) {
      const badge = document.createElement('span');
      badge.className = 'badge';
      badge.textContent = count;
      badge.setAttribute('aria-label', `${count} unread`);
      button.append(badge);
    }
    button.onclick = () => onSelect(conversation.id);
    item.append(button);
    return item;
  }));
  if (focused) [...$('conversations').querySelectorAll('button')].find((b) => b.dataset.id === focused)?.focus();
}

/**
 * Shows a conversation's messages and its unacknowledged sends in seq order. Stays at the bottom if it
 * was there; otherwise keeps what the reader was looking at in place (also when older pages arrive).
 */
export function renderMessages(conversation, outgoing, me, actions, toBottom) {
  const log = $('log');
  const list = $('messages');
  const atBottom = toBottom || log.scrollTop + log.clientHeight >= log.scrollHeight - 30
    || list.dataset.conversation !== conversation.id;
  const fromBottom = log.scrollHeight - log.scrollTop;
  list.dataset.conversation = conversation.id;
  conversation.elements ??= new Map();

  const items = [...conversation.messages.values()].sort((a, b) => a.seq - b.seq).map((message) => {
    const element = conversation.elements.get(message.msgId) ?? messageElement(message, me, actions);
    conversation.elements.set(message.msgId, element);
    if (message.from === me) setState(element, stateOf(conversation, message));
    return element;
  });
  for (const entry of outgoing) {
    const element = messageElement({ from: me, kind: entry.frame.kind ?? 'text', content: entry.display }, me, actions);
    setState(element, entry.error ? `not sent: ${entry.error}` : 'sending…');
    items.push(element);
  }
  items.forEach((element, index) => {
    if (list.children[index] !== element) list.insertBefore(element, list.children[index] ?? null);
  });
  while (list.children.length > items.length) list.lastElementChild.remove();

  $('older').hidden = !conversation.hasOlder;
  log.scrollTop = atBottom ? log.scrollHeight : log.scrollHeight - fromBottom;
}

function stateOf(conversation, message) {
  if (!conversation.id.startsWith('dm:')) return 'sent';
  if (message.seq <= conversation.peerRead) return 'read';
  return message.seq <= conversation.peerDelivered ? 'delivered' : 'sent';
}

function setState(element, state) {
  let mark = element.querySelector('.state');
  if (!mark) {
    mark = document.createElement('span');
    element.append(mark);
  }
  mark.className = `state ${state}`;
  mark.textContent = state;
}

function messageElement(message, me, actions) {
  const item = document.createElement('li');
  if (message.from === me) item.classList.add('mine');
  const who = document.createElement('span');
  who.className = 'from';
  who.textContent = message.from;
  item.append(who, body(message, actions));
  if (message.ts) {
    const time = document.createElement('time');
    time.dateTime = new Date(message.ts).toISOString();
    time.textContent = new Date(message.ts).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    item.append(time);
  }
  return item;
}

function body(message, actions) {
  const content = message.content ?? {};
  const span = document.createElement('span');
  span.className = `body ${message.kind}`;
  if (message.kind === 'text') {
    span.textContent = content.text;
  } else if (message.kind === 'file') {
    fileBody(span, content, actions);
  } else if (message.kind === 'voice') {
    voiceBody(span, content, actions);
  } else if (message.kind === 'live') {
    liveBody(span, content, actions);
  } else if (message.kind === 'call') {
    span.textContent = callText(content, message.from === actions.me);
  } else if (message.kind === 'system') {
    span.textContent = systemText(content);
  } else {
    span.textContent = `(${message.kind} message)`;
  }
  return span;
}

function fileBody(span, content, actions) {
  span.textContent = content.name ? `${content.name} (${formatSize(content.size)}) ` : 'a file ';
  if (content.caption) span.prepend(`${content.caption} — `);
  if (!content.name) return;
  if (content.thumbnail) {
    const image = document.createElement('img');
    image.alt = `Preview of ${content.name}`;
    image.loading = 'lazy';
    actions.thumbnail(content.id).then((url) => { image.src = url; }, () => image.remove());
    span.prepend(image);
  }
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = 'Download';
  button.setAttribute('aria-label', `Download ${content.name}`);
  button.onclick = () => actions.download(content.id, content.name);
  span.append(button);
}

function liveBody(span, content, actions) {
  if (content.event !== 'started') {
    span.textContent = `stream ${content.stream} ended`;
    return;
  }
  span.textContent = `is live: ${content.stream} `;
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = `Watch ${content.stream}`;
  button.onclick = () => actions.watch(content.stream);
  span.append(button);
}

function systemText(content) {
  const users = (content.users ?? []).join(', ');
  const texts = {
    group_created: `${content.by} created the group ${content.name ?? ''}`,
    members_added: `${content.by} added ${users}`,
    members_removed: `${content.by} removed ${users}`,
    member_left: `${content.by ?? users} left`,
    admin_added: `${users} became admin`,
    admin_removed: `${users} is no longer admin`,
  };
  return texts[content.event] ?? content.event ?? 'system message';
}
