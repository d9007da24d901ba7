/** Diagnostics from the browser's own WebRTC statistics: what each remote track receives, and how each transport is connected. */
import type { types } from 'mediasoup-client';
import type { Remote } from './remote-tracks.js';
import type { ReceiveStats, TransportInfo } from './types.js';

/** Received packets and decoded frames per remote track (its busiest inbound stream). */
export async function receiveStats(remotes: Iterable<Remote>): Promise<ReceiveStats[]> {
  const result: ReceiveStats[] = [];
  for (const { consumer, info } of remotes) {
    const report = await consumer.getStats();
    let best: RTCInboundRtpStreamStats | undefined;
    const codecs = new Map<string, string>();
    report.forEach((entry: RTCStats) => {
      if (entry.type === 'codec') codecs.set(entry.id, (entry as RTCStats & { mimeType: string }).mimeType);
      if (entry.type !== 'inbound-rtp') return;
      const inbound = entry as RTCInboundRtpStreamStats;
      if (!best || (inbound.packetsReceived ?? 0) > (best.packetsReceived ?? 0)) best = inbound;
    });
    const stats = best as (RTCInboundRtpStreamStats & { frameWidth?: number }) | undefined;
    result.push({
      producerId: info.producerId,
      participantId: info.participantId,
      source: info.source,
      kind: info.kind,
      packetsReceived: stats?.packetsReceived ?? 0,
      framesDecoded: stats?.framesDecoded ?? 0,
      frameWidth: stats?.frameWidth,
      mimeType: stats?.codecId ? codecs.get(stats.codecId) : undefined,
    });
  }
  return result;
}

/** Each transport's state and the protocol of its selected candidate pair. */
export async function connectionInfo(transports: readonly types.Transport[]): Promise<TransportInfo[]> {
  const result: TransportInfo[] = [];
  for (const transport of transports) {
    const report = await transport.getStats();
    const byId = new Map<string, RTCStats & Record<string, unknown>>();
    report.forEach((entry: RTCStats) => {
      byId.set(entry.id, entry as RTCStats & Record<string, unknown>);
    });
    let protocol: string | undefined;
    let relayed = false;
    for (const entry of byId.values()) {
      if (entry.type !== 'transport' || typeof entry.selectedCandidatePairId !== 'string') continue;
      const pair = byId.get(entry.selectedCandidatePairId);
      const local = pair ? byId.get(String(pair.localCandidateId)) : undefined;
      protocol = typeof local?.protocol === 'string' ? local.protocol : undefined;
      relayed = local?.candidateType === 'relay';
    }
    result.push({ direction: transport.direction, state: transport.connectionState, protocol, relayed });
  }
  return result;
}

/** What the network carries, as the browser measures it: the figures a call level is decided from. */
export interface LinkFigures {
  /** The send transport's bandwidth estimate on its selected candidate pair, bit/s. */
  availableOutgoingBps: number | undefined;
  /** Totals of everything received so far (the caller takes differences between readings). */
  packetsReceived: number;
  packetsLost: number;
}

export async function linkFigures(
  send: types.Transport | undefined,
  recv: types.Transport | undefined,
): Promise<LinkFigures> {
  const figures: LinkFigures = { availableOutgoingBps: undefined, packetsReceived: 0, packetsLost: 0 };
  if (send && !send.closed) {
    const byId = new Map<string, RTCStats & Record<string, unknown>>();
    (await send.getStats()).forEach((entry: RTCStats) => {
      byId.set(entry.id, entry as RTCStats & Record<string, unknown>);
    });
    for (const entry of byId.values()) {
      if (entry.type !== 'transport' || typeof entry.selectedCandidatePairId !== 'string') continue;
      const pair = byId.get(entry.selectedCandidatePairId);
      if (typeof pair?.availableOutgoingBitrate === 'number')
        figures.availableOutgoingBps = pair.availableOutgoingBitrate;
    }
    // Browsers without a transport entry: the nominated, succeeded pair.
    if (figures.availableOutgoingBps === undefined) {
      for (const entry of byId.values()) {
        if (entry.type === 'candidate-pair' && entry.nominated === true && entry.state === 'succeeded') {
          if (typeof entry.availableOutgoingBitrate === 'number')
            figures.availableOutgoingBps = entry.availableOutgoingBitrate;
        }
      }
    }
  }
  if (recv && !recv.closed) {
    (await recv.getStats()).forEach((entry: RTCStats) => {
      if (entry.type !== 'inbound-rtp') return;
      const inbound = entry as RTCInboundRtpStreamStats;
      figures.packetsReceived += inbound.packetsReceived ?? 0;
      figures.packetsLost += Math.max(0, inbound.packetsLost ?? 0);
    });
  }
  return figures;
}
