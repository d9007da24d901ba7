/**
 * The connection whose command is running, for the pushes it causes (command-router.ts runs every
 * handler inside it). A push whose news the command's own answer already carries goes to that
 * person's other connections only: the sender has it in its acknowledgement, and one message less
 * per command adds up at the queue's rate (queue-runtime.ts, the wrap-up state after ending a session).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** The command running: the connection that sent it, its event and who sent it. */
export interface CommandOrigin {
  socketId: string;
  event: string;
  principalId: string;
}

const origin = new AsyncLocalStorage<CommandOrigin>();

/** Runs `command` as `event`, sent by connection `socketId` of principal `principalId`. */
export function runAsCommandOf<T>(command: CommandOrigin, run: () => Promise<T>): Promise<T> {
  return origin.run(command, run);
}

/** The socket id of the connection whose command is running here, if any (none for timers). */
export function commandOrigin(): string | undefined {
  return origin.getStore()?.socketId;
}

/** The command running here, if any. */
export function runningCommand(): CommandOrigin | undefined {
  return origin.getStore();
}
