/**
 * The session's WebRTC transports, one to send and one to receive: created from the join's
 * parameters, their DTLS and produce handshakes answered through signaling, a failed one handed
 * to the reconnector (ICE restart), and the ICE restart itself.
 */
import type { ClientPayload, MediaSource, TransportParams } from '@etapiste/protocol';
import type { Device, types } from 'mediasoup-client';
import { CallClientError } from '../errors.js';
import type { MediaContext } from './context.js';

export type Direction = 'send' | 'recv';

export class MediaTransports {
  readonly #ctx: MediaContext;
  #send: types.Transport | undefined;
  #recv: types.Transport | undefined;

  constructor(ctx: MediaContext) {
    this.#ctx = ctx;
  }

  get send(): types.Transport | undefined {
    return this.#send;
  }

  get recv(): types.Transport | undefined {
    return this.#recv;
  }

  /** The transports that exist, send first. */
  list(): types.Transport[] {
    return [this.#send, this.#recv].filter((transport) => transport !== undefined);
  }

  create(device: Device, params: TransportParams, iceServers: RTCIceServer[]): void {
    const { signaling, reconnector } = this.#ctx;
    const joinOptions = this.#ctx.options;
    const options = {
      id: params.transportId,
      iceParameters: params.iceParameters as types.IceParameters,
      iceCandidates: params.iceCandidates as types.IceCandidate[],
      dtlsParameters: params.dtlsParameters as types.DtlsParameters,
      iceServers,
      ...(joinOptions?.iceTransportPolicy ? { iceTransportPolicy: joinOptions.iceTransportPolicy } : {}),
    };
    const transport =
      params.direction === 'send' ? device.createSendTransport(options) : device.createRecvTransport(options);
    const roomId = joinOptions?.roomId ?? '';
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      signaling
        .request('media:transport:connect', { roomId, transportId: transport.id, dtlsParameters })
        .then(() => callback(), errback);
    });
    transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
      signaling
        .request('media:produce', {
          roomId,
          transportId: transport.id,
          kind,
          source: appData.source as MediaSource,
          rtpParameters: rtpParameters as ClientPayload<'media:produce'>['rtpParameters'],
          paused: appData.paused === true,
        })
        .then(({ producerId }) => callback({ id: producerId }), errback);
    });
    transport.on('connectionstatechange', (state) => {
      if (state === 'failed') reconnector.transportFailed(params.direction);
    });
    if (params.direction === 'send') this.#send = transport;
    else this.#recv = transport;
  }

  async restartIce(direction: Direction): Promise<void> {
    const transport = direction === 'send' ? this.#send : this.#recv;
    const roomId = this.#ctx.options?.roomId;
    if (!transport || roomId === undefined) throw new CallClientError('ROOM_RESTARTED');
    const { iceParameters } = await this.#ctx.signaling.request('media:transport:restart-ice', {
      roomId,
      transportId: transport.id,
    });
    await transport.restartIce({ iceParameters: iceParameters as types.IceParameters });
  }

  /** Hands every failed transport to the reconnector for an ICE restart (after a catch-up). */
  restartFailed(): void {
    for (const transport of this.list()) {
      if (transport.connectionState === 'failed') this.#ctx.reconnector.transportFailed(transport.direction);
    }
  }

  /** Closing a transport closes its producers and consumers (mediasoup-client's cascade). */
  close(): void {
    this.#send?.close();
    this.#recv?.close();
    this.#send = undefined;
    this.#recv = undefined;
  }
}
