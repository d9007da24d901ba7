/**
 * The socket edge. Every inbound event passes the same gate, in this order: known event, an
 * acknowledgement to answer on, the connection's command rate, a live token, the capability the
 * event needs, and the payload schema. Only then does a handler run, and whatever it throws is
 * mapped once to a coded error. A refused command never reaches a handler, so it changes nothing.
 */
import {
  type Ack,
  type ClientEventName,
  type ClientResult,
  clientEvents,
  type Principal,
  ProtocolError,
} from '@etapiste/protocol';
import type { FastifyBaseLogger as Logger } from 'fastify';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { z } from 'zod';
import type { Prometheus } from '../http/prometheus.js';
import { unsafeTextPath } from '../http/unsafe-text.js';
import { CommandLogger } from './command-logger.js';
import { runAsCommandOf } from './command-origin.js';
import type { AppSocket } from './types.js';

export interface CommandContext {
  socket: AppSocket;
  principal: Principal;
  log: Logger;
}

type Payload<E extends ClientEventName> = z.output<(typeof clientEvents)[E]['payload']>;

export type CommandHandler<E extends ClientEventName> = (
  context: CommandContext,
  payload: Payload<E>,
) => Promise<ClientResult<E>>;

/** Events that still work with an expired token: the way to renew it. */
const ALLOWED_WHEN_EXPIRED: ReadonlySet<ClientEventName> = new Set(['token:renew']);

export class CommandRouter {
  // biome-ignore lint/suspicious/noExplicitAny: the map holds each event's own handler type; `handle` keeps them paired.
  readonly #handlers = new Map<ClientEventName, CommandHandler<any>>();
  readonly #limiter: RateLimiterMemory;
  readonly #log: Logger;
  readonly #prometheus: Prometheus;

  constructor(options: { commandsPerSecond: number; log: Logger; prometheus: Prometheus }) {
    this.#limiter = new RateLimiterMemory({ points: options.commandsPerSecond * 2, duration: 2 });
    this.#log = options.log;
    this.#prometheus = options.prometheus;
  }

  handle<E extends ClientEventName>(event: E, handler: CommandHandler<E>): this {
    if (this.#handlers.has(event)) throw new Error(`handler for ${event} registered twice`);
    this.#handlers.set(event, handler);
    return this;
  }

  /** Names without a handler yet; the server refuses to start with any (see app.ts). */
  unhandledEvents(): ClientEventName[] {
    return (Object.keys(clientEvents) as ClientEventName[]).filter((e) => !this.#handlers.has(e));
  }

  attach(socket: AppSocket): void {
    socket.onAny((event: string, ...args: unknown[]) => {
      void this.#dispatch(socket, event, args);
    });
  }

  async #dispatch(socket: AppSocket, event: string, args: unknown[]): Promise<void> {
    const last = args.at(-1);
    const ack = typeof last === 'function' ? (last as (response: Ack<unknown>) => void) : undefined;
    const principal = socket.data.principal;
    // The command's logger makes its pino child only when a line at an enabled level is written.
    const log = new CommandLogger(this.#log, {
      socketId: socket.id,
      principalId: principal.id,
      role: principal.role,
      event,
    });
    const context = { socket, principal, log };
    const started = performance.now();
    const metricEvent = event in clientEvents ? event : 'unknown';

    const refuse = (error: ProtocolError) => {
      this.#prometheus.socketCommands.inc({ event: metricEvent, outcome: error.code });
      context.log.debug({ code: error.code }, 'command refused');
      if (ack) ack({ ok: false, error: error.toWire() });
      else socket.emit('server:error', error.toWire());
    };

    try {
      const handler = this.#handlers.get(event as ClientEventName);
      if (!handler) return refuse(new ProtocolError('UNKNOWN_EVENT'));
      if (!ack || args.length !== 2) {
        return refuse(new ProtocolError('VALIDATION_FAILED', { message: 'send one payload and an acknowledgement' }));
      }
      await this.#consumeRate(socket.id);
      const name = event as ClientEventName;
      const spec = clientEvents[name];
      if (socket.data.tokenExpiresAt <= Date.now() && !ALLOWED_WHEN_EXPIRED.has(name)) {
        throw new ProtocolError('TOKEN_EXPIRED');
      }
      if (spec.capability !== null && !principal.capabilities.includes(spec.capability)) {
        throw new ProtocolError('FORBIDDEN');
      }
      // Text no store of ours holds faithfully (NUL, a lone surrogate) is refused whatever the schema.
      const unsafe = unsafeTextPath(args[0]);
      if (unsafe) {
        throw new ProtocolError('VALIDATION_FAILED', { fields: [unsafe], message: 'text this service cannot store' });
      }
      const parsed = spec.payload.safeParse(args[0]);
      if (!parsed.success) {
        throw new ProtocolError('VALIDATION_FAILED', {
          fields: [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(payload)'))],
        });
      }
      const data = await runAsCommandOf({ socketId: socket.id, event: name, principalId: principal.id }, () =>
        handler(context, parsed.data),
      );
      this.#prometheus.socketCommands.inc({ event: name, outcome: 'ok' });
      this.#prometheus.socketCommandSeconds.observe({ event: name }, (performance.now() - started) / 1000);
      ack({ ok: true, data });
    } catch (error) {
      if (error instanceof ProtocolError) return refuse(error);
      context.log.error({ err: error }, 'command failed');
      refuse(new ProtocolError('INTERNAL'));
    }
  }

  async #consumeRate(key: string): Promise<void> {
    try {
      await this.#limiter.consume(key);
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        throw new ProtocolError('RATE_LIMITED', { retryAfterSeconds: Math.ceil(error.msBeforeNext / 1000) });
      }
      throw error;
    }
  }
}
