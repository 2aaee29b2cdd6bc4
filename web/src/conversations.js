// What this client knows of each conversation: its loaded messages (one unbroken range of seqs, grown
// by sync at the new end and by history at the old end), the user's and the peer's cursors, and titles.
export class Conversations {
  constructor(me) {
    this.me = me;
    this.byId = new Map();
  }

  get(id) {
    let conversation = this.byId.get(id);
    if (!conversation) {
      conversation = { id, title: titleOf(id, this.me), messages: new Map(), lastSeq: 0, readSeq: 0,
        peerRead: 0, peerDelivered: 0, oldestSeq: 0, newestSeq: 0, hasOlder: true, activity: 0 };
      this.byId.set(id, conversation);
    }
    return conversation;
  }

  /** Applies one entry of a conversations_result. */
  summary(entry) {
    const conversation = this.get(entry.conversation);
    if (entry.name) conversation.title = entry.name;
    conversation.lastSeq = Math.max(conversation.lastSeq, entry.lastSeq);
    conversation.readSeq = Math.max(conversation.readSeq, entry.readSeq ?? 0);
    conversation.peerRead = Math.max(conversation.peerRead, entry.peerReadSeq ?? 0);
    conversation.peerDelivered = Math.max(conversation.peerDelivered, entry.peerDeliveredSeq ?? 0);
    conversation.activity = Math.max(conversation.activity, entry.lastMessage?.ts ?? 0);
    return conversation;
  }

  /** Adds messages (deduplicated by msgId) and returns those not seen before. */
  add(id, messages) {
    const conversation = this.get(id);
    const added = messages.filter((message) => !conversation.messages.has(message.msgId));
    for (const message of added) {
      conversation.messages.set(message.msgId, message);
      conversation.lastSeq = Math.max(conversation.lastSeq, message.seq);
      conversation.newestSeq = Math.max(conversation.newestSeq, message.seq);
      conversation.oldestSeq = conversation.oldestSeq ? Math.min(conversation.oldestSeq, message.seq) : message.seq;
      conversation.activity = Math.max(conversation.activity, message.ts ?? 0);
      // Sending counts as having read up to one's own message.
      if (message.from === this.me) conversation.readSeq = Math.max(conversation.readSeq, message.seq);
    }
    if (conversation.oldestSeq === 1) conversation.hasOlder = false;
    return added;
  }

  /** Newest activity first, as the server lists them. */
  list() {
    return [...this.byId.values()].sort((a, b) => b.activity - a.activity || a.title.localeCompare(b.title));
  }
}

export function titleOf(id, me) {
  const [kind, a, b] = id.split(':');
  if (kind === 'dm') return a === me ? b : a;
  return 'group';
}

export function dmId(me, peer) {
  return 'dm:' + [me, peer].sort().join(':');
}

export function unread(conversation) {
  return Math.max(0, conversation.lastSeq - conversation.readSeq);
}

/** Where a send frame for this conversation goes: a user or a group. */
export function target(id, me) {
  return id.startsWith('g:') ? { group: id.slice(2) } : { to: titleOf(id, me) };
}
