/**
 * Signaling's side of the SFU control API: signed (`@etapiste/sfu-control`, a fresh nonce per
 * call), typed calls. A refused command comes back as the SFU's ProtocolError; a node that cannot
 * be reached is an SfuUnreachableError, which the media service answers by checking the registry
 * and moving the room (media-service.ts).
 */
import { ProtocolError } from '@etapiste/protocol';
import {
  CONTROL_SIGNATURE_HEADER,
  type SfuCommand,
  SfuControlAnswer,
  type SfuRequest,
  type SfuResponse,
  signControl,
} from '@etapiste/sfu-control';

export class SfuUnreachableError extends Error {
  override name = 'SfuUnreachableError';
}

export class SfuClient {
  constructor(
    private readonly secret: string,
    private readonly timeoutMs = 5000,
  ) {}

  async call<C extends SfuCommand>(controlUrl: string, command: C, request: SfuRequest<C>): Promise<SfuResponse<C>> {
    const body = JSON.stringify(request);
    let response: Response;
    try {
      response = await fetch(`${controlUrl}/control/v1/${command}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [CONTROL_SIGNATURE_HEADER]: signControl(this.secret, command, body),
        },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new SfuUnreachableError(error instanceof Error ? error.message : 'unreachable');
    }
    const answer = SfuControlAnswer.safeParse(await response.json().catch(() => undefined));
    if (!answer.success) throw new SfuUnreachableError(`bad answer (${response.status})`);
    if (!answer.data.ok) {
      const { code, message, fields } = answer.data.error;
      // A signature the node refuses is our configuration's fault, not the caller's.
      if (code === 'UNAUTHENTICATED')
        throw new ProtocolError('INTERNAL', { message: 'SFU refused the control secret' });
      throw new ProtocolError(code, { message, ...(fields ? { fields } : {}) });
    }
    // The node is a trusted peer speaking the same control package; its answers are not re-parsed.
    return answer.data.data as SfuResponse<C>;
  }
}
