/**
 * A small typed event emitter for the browser (no node:events). Like mediasoup's `safeEmit`, a
 * listener that throws cannot break the emitter or the other listeners.
 */
// biome-ignore lint/suspicious/noExplicitAny: event maps are tuples of any listener arguments.
export class TypedEmitter<Events extends Record<string, any[]>> {
  readonly #listeners = new Map<keyof Events, Set<(...args: unknown[]) => void>>();

  on<E extends keyof Events>(event: E, listener: (...args: Events[E]) => void): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    const stored = listener as unknown as (...args: unknown[]) => void;
    set.add(stored);
    return () => set.delete(stored);
  }

  protected emit<E extends keyof Events>(event: E, ...args: Events[E]): void {
    for (const listener of this.#listeners.get(event) ?? []) {
      try {
        listener(...args);
      } catch (error) {
        console.error(`listener of ${String(event)} failed`, error);
      }
    }
  }
}
