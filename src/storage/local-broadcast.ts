// In-process delivery of broadcast messages: SQLite serves one process.
import { EventEmitter } from 'node:events';
import type { Broadcast } from './database.ts';

export function localBroadcast(): Broadcast {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    async publish(channel, payload) {
      // Delivered after the current task, like a notification from the database would be.
      setImmediate(() => emitter.emit(channel, payload));
    },
    async subscribe(channel, handler) {
      emitter.on(channel, handler);
      return async () => {
        emitter.off(channel, handler);
      };
    },
  };
}
