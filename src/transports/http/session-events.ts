import type { EventId, EventStore, JSONRPCMessage, StreamId } from '@modelcontextprotocol/server';

interface StoredEvent {
  id: EventId;
  streamId: StreamId;
  message: JSONRPCMessage;
  bytes: number;
}

/** What one 2025-era session keeps for resumption, at most (older events go first). */
export const SESSION_EVENT_BYTES = 256 * 1024;

/**
 * The events of one 2025-era session's SSE streams, kept so a client whose stream broke (or that
 * the server closed mid-call, SEP-1699 polling) can reconnect with Last-Event-ID and get what it
 * missed. Bounded: the oldest events are dropped past `maxBytes`, and an event larger than that
 * is not kept (a resumption from before it is refused as an unknown event id).
 */
export class SessionEventStore implements EventStore {
  private readonly events: StoredEvent[] = [];
  private bytes = 0;
  private next = 0;

  constructor(private readonly maxBytes = SESSION_EVENT_BYTES) {}

  async storeEvent(streamId: StreamId, message: JSONRPCMessage): Promise<EventId> {
    const id = String(this.next++);
    const bytes = JSON.stringify(message).length;
    if (bytes > this.maxBytes) return id;
    this.events.push({ id, streamId, message, bytes });
    this.bytes += bytes;
    for (let oldest = this.events[0]; this.bytes > this.maxBytes && oldest; oldest = this.events[0]) {
      this.events.shift();
      this.bytes -= oldest.bytes;
    }
    return id;
  }

  async getStreamIdForEventId(eventId: EventId): Promise<StreamId | undefined> {
    return this.events.find((e) => e.id === eventId)?.streamId;
  }

  async replayEventsAfter(
    lastEventId: EventId,
    { send }: { send: (eventId: EventId, message: JSONRPCMessage) => Promise<void> },
  ): Promise<StreamId> {
    const at = this.events.findIndex((e) => e.id === lastEventId);
    const last = this.events[at];
    if (!last) throw new Error('Unknown event id');
    for (const event of this.events.slice(at + 1)) {
      // Priming events carry no message: nothing to replay.
      if (event.streamId === last.streamId && Object.keys(event.message).length > 0) {
        await send(event.id, event.message);
      }
    }
    return last.streamId;
  }
}
