/** Reading acknowledgements in tests: the data of an accepted command, or the code of a refused one. */
import type { Ack } from '@etapiste/protocol';

/** The data of a successful acknowledgement; fails the test with the error otherwise. */
export function dataOf<T>(ack: Ack<unknown>): T {
  if (!ack.ok) throw new Error(`refused: ${JSON.stringify(ack.error)}`);
  return ack.data as T;
}

/** `dataOf` for an acknowledgement still on its way (`ok(request(socket, event, payload))`). */
export async function ok<T>(ack: Promise<Ack<unknown>>): Promise<T> {
  return dataOf<T>(await ack);
}

/** The error code of a refused command, or `'ok'` when it was accepted. */
export async function code(ack: Promise<Ack<unknown>>): Promise<string> {
  const response = await ack;
  return response.ok ? 'ok' : response.error.code;
}
