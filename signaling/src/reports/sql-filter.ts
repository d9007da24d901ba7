/** Builds a parameterised WHERE clause: values always travel as `$n` parameters, never as text. */
export class SqlFilter {
  readonly params: unknown[] = [];
  readonly #clauses: string[] = [];

  /** Adds a value and returns its placeholder. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** `where` receives a placeholder for `value`; skipped when the value is undefined. */
  add(value: unknown, where: (placeholder: string) => string): this {
    if (value !== undefined) this.#clauses.push(where(this.param(value)));
    return this;
  }

  where(): string {
    return this.#clauses.length > 0 ? `WHERE ${this.#clauses.join(' AND ')}` : '';
  }

  /** The WHERE clause so far, then starts a new one (for a second table in the same query). */
  takeWhere(): string {
    const where = this.where();
    this.#clauses.length = 0;
    return where;
  }
}
