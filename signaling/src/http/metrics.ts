/**
 * Prometheus metrics. A registry per server instance (not the global one), so tests can run several
 * servers in one process.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export class SignalingMetrics {
  readonly registry = new Registry();

  readonly socketsConnected = new Gauge({
    name: 'etapiste_sockets_connected',
    help: 'Connected Socket.IO clients by role',
    labelNames: ['role'] as const,
    registers: [this.registry],
  });

  readonly socketCommands = new Counter({
    name: 'etapiste_socket_commands_total',
    help: 'Socket commands handled, by event and outcome (ok or an error code)',
    labelNames: ['event', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly socketCommandSeconds = new Histogram({
    name: 'etapiste_socket_command_seconds',
    help: 'Time to handle a socket command',
    labelNames: ['event'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });

  readonly logins = new Counter({
    name: 'etapiste_logins_total',
    help: 'Sign-in attempts by kind and outcome',
    labelNames: ['kind', 'outcome'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'etapiste_signaling_' });
  }
}
