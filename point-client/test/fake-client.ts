/** A stand-in for SignalingClient (as in agent-console/test): answers requests from a table and lets a test push events. */
import type { SignalingClient } from '@etapiste/call-client';

export class FakeClient {
  readonly requests: { event: string; payload: unknown }[] = [];
  readonly #listeners = new Map<string, Set<(payload: unknown) => void>>();

  constructor(private readonly answers: Record<string, (payload: unknown) => unknown>) {}

  on(event: string, listener: (payload: unknown) => void): () => void {
    const set = this.#listeners.get(event) ?? new Set();
    set.add(listener);
    this.#listeners.set(event, set);
    return () => set.delete(listener);
  }

  request(event: string, payload: unknown): Promise<unknown> {
    this.requests.push({ event, payload });
    const answer = this.answers[event];
    return answer ? Promise.resolve(answer(payload)) : Promise.reject(new Error(`no answer for ${event}`));
  }

  push(event: string, payload: unknown): void {
    for (const listener of this.#listeners.get(event) ?? []) listener(payload);
  }

  count(event: string): number {
    return this.requests.filter((r) => r.event === event).length;
  }

  get client(): SignalingClient {
    return this as unknown as SignalingClient;
  }
}
