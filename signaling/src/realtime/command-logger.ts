/**
 * The logger a command's handler gets: the router's logger bound to the command (socket, principal,
 * role, event). pino's `child()` serialises its bindings through the redaction at once, and at one
 * child per command that was about a twentieth of all the process allocated under load (the
 * sampling heap profile of `pnpm bench queue`'s half load), mostly for commands that then log
 * nothing at the configured level. So the child is made the first time a line at an enabled level
 * is written; a line below the level costs a comparison.
 */
import type { FastifyBaseLogger as Logger } from 'fastify';
import type { Bindings, ChildLoggerOptions } from 'pino';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** pino's loggers have `isLevelEnabled`; a logger without it is taken as writing every level. */
function enabled(logger: Logger, level: Level): boolean {
  const check = (logger as { isLevelEnabled?: (level: string) => boolean }).isLevelEnabled;
  return typeof check === 'function' ? check.call(logger, level) : true;
}

export class CommandLogger implements Logger {
  #child: Logger | undefined;

  constructor(
    private readonly parent: Logger,
    private readonly bindings: Bindings,
  ) {}

  fatal(...args: unknown[]): void {
    this.#write('fatal', args);
  }
  error(...args: unknown[]): void {
    this.#write('error', args);
  }
  warn(...args: unknown[]): void {
    this.#write('warn', args);
  }
  info(...args: unknown[]): void {
    this.#write('info', args);
  }
  debug(...args: unknown[]): void {
    this.#write('debug', args);
  }
  trace(...args: unknown[]): void {
    this.#write('trace', args);
  }
  silent(): void {}

  get level(): string {
    return this.#child?.level ?? this.parent.level;
  }

  set level(level: string) {
    this.#bound().level = level;
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): Logger {
    return this.#bound().child(bindings, options);
  }

  #bound(): Logger {
    this.#child ??= this.parent.child(this.bindings);
    return this.#child;
  }

  #write(level: Level, args: unknown[]): void {
    if (!enabled(this.#child ?? this.parent, level)) return;
    (this.#bound()[level] as (...a: unknown[]) => void)(...args);
  }
}
