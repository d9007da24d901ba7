/**
 * The connection whose command is running, for the pushes it causes (command-router.ts runs every
 * handler inside it). A push whose news the command's own answer already carries goes to that
 * person's other connections only: the sender has it in its acknowledgement, and one message less
 * per command adds up at the queue's rate (queue-runtime.ts, the wrap-up state after ending a session).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const origin = new AsyncLocalStorage<string>();

/** Runs `command` as sent by connection `socketId`. */
export function runAsCommandOf<T>(socketId: string, command: () => Promise<T>): Promise<T> {
  return origin.run(socketId, command);
}

/** The socket id of the connection whose command is running here, if any (none for timers). */
export function commandOrigin(): string | undefined {
  return origin.getStore();
}
