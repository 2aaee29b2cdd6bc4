// Messages written but not yet acknowledged. Each keeps its clientMsgId, so sending it again after a
// reconnect can never make a second message (the server deduplicates by it).
import { Disconnected } from './connection.js';

export class Outbox {
  constructor({ onAck, onChange }) {
    Object.assign(this, { onAck, onChange });
    this.pending = new Map();
    this.failed = [];
  }

  /**
   * Queues a send frame (without id) for a conversation and tries it now; display is the content to show
   * meanwhile, when the frame's own is not what the server will store.
   */
  add(connection, conversation, frame, display = frame.content) {
    const clientMsgId = crypto.randomUUID();
    const entry = { clientMsgId, conversation, frame: { type: 'send', clientMsgId, ...frame }, display, error: null };
    this.pending.set(clientMsgId, entry);
    this.onChange();
    this.attempt(connection, entry);
  }

  /** After every (re)connect: everything still unacknowledged, in the order it was written. */
  flush(connection) {
    for (const entry of this.pending.values()) {
      if (!entry.inFlight) this.attempt(connection, entry);
    }
  }

  async attempt(connection, entry) {
    entry.inFlight = true;
    try {
      const ack = await connection.request(entry.frame);
      this.pending.delete(entry.clientMsgId);
      this.onAck(entry, ack);
    } catch (error) {
      // Disconnected is a wait, not a failure: flush() sends it again after the reconnect.
      if (error.code === 'retry') {
        setTimeout(() => this.attempt(connection, entry), 1000);
      } else if (!(error instanceof Disconnected)) {
        entry.error = error.message;
        this.pending.delete(entry.clientMsgId);
        this.failed.push(entry);
      }
    } finally {
      entry.inFlight = false;
      this.onChange();
    }
  }

  /** Unacknowledged and failed sends of a conversation, oldest first. */
  of(conversation) {
    return [...this.pending.values(), ...this.failed].filter((entry) => entry.conversation === conversation);
  }
}
