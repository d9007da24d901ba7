/** The HTTP routes a running server serves, read from Fastify's own route table. */
import type { Harness } from './harness.js';

/** Every `METHOD path` in Fastify's route table (its printed tree, the one complete listing it offers). */
export function servedRoutes(h: Harness): string[] {
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of h.signaling.app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^((?:│ {3}| {4})*)[├└]── (.+?) \(([A-Z, ]+)\)$/.exec(line.trimEnd());
    if (!match?.[2] || !match[3]) continue;
    const depth = (match[1] ?? '').length / 4;
    stack.length = depth;
    const path = `${stack.join('')}${match[2]}`;
    stack.push(match[2]);
    for (const method of match[3].split(', ')) {
      if (method !== 'HEAD' && method !== 'OPTIONS') routes.push(`${method} ${path}`);
    }
  }
  return routes;
}
