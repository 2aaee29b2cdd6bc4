// The chat: keeps the conversations current over the connection (pushes, receipts, catch-up by sync
// after every connect, older pages by history) and turns the user's actions into frames.
import { Connection, Disconnected } from './connection.js';
import { Conversations, dmId, target } from './conversations.js';
import { Outbox } from './outbox.js';
import { renderConversations, renderMessages } from './view.js';

const $ = (id) => document.getElementById(id);
const PAGE = 30;

export class Chat {
  constructor({ token, user, device, actions, onStatus, onFatal }) {
    this.user = user;
    this.actions = actions;
    this.store = new Conversations(user);
    this.current = null;
    this.outbox = new Outbox({ onAck: (entry, ack) => this.acked(entry, ack), onChange: () => this.render() });
    this.connection = new Connection({ token, device, onStatus, onFatal,
      onReady: () => this.ready(), onFrame: (frame) => this.frame(frame) });
  }

  start() {
    this.connection.connect();
    document.addEventListener('visibilitychange', () => this.markRead());
  }

  stop() {
    this.connection.stop();
  }

  /** After every (re)connect: the list, then what each loaded conversation missed, then unsent messages. */
  async ready() {
    try {
      const { conversations } = await this.connection.request({ type: 'conversations', limit: 100 });
      conversations.forEach((entry) => this.store.summary(entry));
      this.render();
      for (const conversation of this.store.list()) {
        if (conversation.newestSeq > 0) await this.catchUp(conversation);
      }
      if (this.current) await this.open(this.current);
      this.outbox.flush(this.connection);
    } catch (error) {
      // A disconnect in the middle is no failure: the next ready() starts over.
      if (!(error instanceof Disconnected)) throw error;
    }
  }

  frame(frame) {
    if (frame.type === 'push') {
      this.pushed(frame.message);
    } else if (frame.type === 'receipt') {
      const conversation = this.store.get(frame.conversation);
      const seq = frame.seq;
      if (frame.user === this.user) {
        conversation.readSeq = Math.max(conversation.readSeq, frame.kind === 'read' ? seq : 0);
      } else if (frame.kind === 'read') {
        conversation.peerRead = Math.max(conversation.peerRead, seq);
        conversation.peerDelivered = Math.max(conversation.peerDelivered, seq);
      } else {
        conversation.peerDelivered = Math.max(conversation.peerDelivered, seq);
      }
      this.render();
    } else if (frame.type === 'call') {
      this.actions.call(frame);
    }
  }

  async pushed(message) {
    const conversation = this.store.get(message.conversation);
    // A gap means pushes were missed (or arrive out of order): sync fills it in order.
    if (conversation.newestSeq > 0 && message.seq > conversation.newestSeq + 1) {
      await this.catchUp(conversation).catch(() => {});
    }
    const added = this.store.add(message.conversation, [message]);
    if (conversation.title === 'group' && message.group) this.nameGroup(conversation, message.group);
    this.received(conversation, added);
  }

  async catchUp(conversation) {
    for (;;) {
      const page = await this.connection.request({ type: 'sync', conversation: conversation.id,
        afterSeq: conversation.newestSeq, limit: 200 });
      this.received(conversation, this.store.add(conversation.id, page.messages));
      if (!page.hasMore || !page.messages.length) return;
    }
  }

  async loadOlder(conversation) {
    if (conversation.loading || !conversation.hasOlder) return;
    conversation.loading = true;
    try {
      const frame = { type: 'history', conversation: conversation.id, limit: PAGE };
      if (conversation.oldestSeq) frame.beforeSeq = conversation.oldestSeq;
      const page = await this.connection.request(frame);
      this.store.add(conversation.id, page.messages);
      conversation.hasOlder = page.hasMore && page.messages.length > 0;
      conversation.lastSeq = Math.max(conversation.lastSeq, page.lastSeq ?? 0);
      this.render();
    } finally {
      conversation.loading = false;
    }
  }

  /** New messages: tell the sender they arrived, tell the reader what came, and mark read if open. */
  received(conversation, added) {
    const incoming = added.filter((message) => message.from !== this.user);
    if (incoming.length) {
      this.connection.send({ type: 'delivered', conversation: conversation.id, seq: conversation.newestSeq });
      const last = incoming[incoming.length - 1];
      this.actions.announce(conversation.id === this.current && last.kind === 'text'
        ? `${last.from}: ${last.content.text}` : `New message from ${last.from} in ${conversation.title}`);
    }
    this.markRead();
    this.render();
  }

  markRead() {
    const conversation = this.current && this.store.get(this.current);
    if (!conversation || document.visibilityState !== 'visible' || $('chat').hidden) return;
    if (conversation.newestSeq > conversation.readSeq) {
      conversation.readSeq = conversation.newestSeq;
      this.connection.send({ type: 'read', conversation: conversation.id, seq: conversation.newestSeq });
    }
  }

  async open(id) {
    this.current = id;
    const conversation = this.store.get(id);
    this.render();
    try {
      if (conversation.newestSeq > 0 && conversation.newestSeq < conversation.lastSeq) {
        await this.catchUp(conversation);
      }
      // Nothing loaded yet (history without beforeSeq is the newest page), or only a few pushes: a page.
      if (conversation.messages.size < PAGE) await this.loadOlder(conversation);
    } catch (error) {
      // Offline: what is loaded is shown; ready() loads the rest after the reconnect.
    }
    this.markRead();
    this.render();
  }

  openDirect(peer) {
    return this.open(dmId(this.user, peer));
  }

  async createGroup(name, members) {
    const group = await this.connection.request({ type: 'group_create', name, members });
    this.store.get(`g:${group.group}`).title = group.name;
    return this.open(`g:${group.group}`);
  }

  async nameGroup(conversation, group) {
    const info = await this.connection.request({ type: 'group_info', group }).catch(() => null);
    if (info) conversation.title = info.name;
    this.render();
  }

  sendText(text) {
    this.toBottom = true;
    this.outbox.add(this.connection, this.current, { ...target(this.current, this.user), content: { text } });
  }

  /**
   * A file (or voice) message names the file by id; the server fills in the rest, which display shows
   * meanwhile.
   */
  sendFile(conversationId, id, display, kind = 'file') {
    this.toBottom = true;
    this.outbox.add(this.connection, conversationId, { ...target(conversationId, this.user), kind,
      content: { id } }, display);
  }

  acked(entry, ack) {
    this.store.add(ack.conversation, [{ msgId: ack.msgId, conversation: ack.conversation, seq: ack.seq,
      from: this.user, kind: entry.frame.kind ?? 'text', content: entry.display,
      clientMsgId: entry.clientMsgId, ts: ack.ts }]);
  }

  render() {
    renderConversations(this.store.list(), this.current, (id) => this.actions.select(id));
    const conversation = this.current && this.store.get(this.current);
    $('compose').hidden = !conversation;
    if (!conversation) return;
    $('chat-title').textContent = conversation.title;
    // What one writes oneself is shown even when one had scrolled back.
    renderMessages(conversation, this.outbox.of(conversation.id), this.user, this.actions, this.toBottom);
    this.toBottom = false;
  }
}
