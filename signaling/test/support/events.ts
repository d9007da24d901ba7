/** Waiting for a server push on a test socket, typed by the protocol's event table. */
import type { ServerEventName, ServerPayload } from '@etapiste/protocol';
import type { TestSocket } from './harness.js';

/**
 * The next `event` on the socket that `predicate` accepts. Rejects with "no <event> within <ms> ms"
 * after `ms`, which a test expects when it proves that something was not pushed.
 */
export function nextEvent<E extends ServerEventName>(
  socket: TestSocket,
  event: E,
  predicate: (payload: ServerPayload<E>) => boolean = () => true,
  ms = 15_000,
): Promise<ServerPayload<E>> {
  // The socket's map types each listener by its event; this one is generic in the event.
  const s = socket as unknown as {
    on(event: string, listener: (payload: ServerPayload<E>) => void): void;
    off(event: string, listener: (payload: ServerPayload<E>) => void): void;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      s.off(event, listener);
      reject(new Error(`no ${event} within ${ms} ms`));
    }, ms);
    const listener = (payload: ServerPayload<E>) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      s.off(event, listener);
      resolve(payload);
    };
    s.on(event, listener);
  });
}
