/**
 * Why a camera or microphone could not be opened, in the few kinds the advisor can act on: the
 * browser was not allowed, there is no such device, or another program holds it.
 */
export type DeviceProblem = 'denied' | 'missing' | 'busy' | 'other';

export function deviceProblemOf(failure: unknown): DeviceProblem {
  const name = typeof failure === 'object' && failure !== null && 'name' in failure ? String(failure.name) : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'missing';
    case 'NotReadableError':
    case 'AbortError':
      return 'busy';
    default:
      return 'other';
  }
}
