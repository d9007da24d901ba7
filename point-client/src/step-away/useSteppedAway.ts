/**
 * The point's customers who stepped away (`request:step-away`), kept from `request:list` after
 * every (re)connect and from the point's `ticket:update` pushes (positions keep coming while they
 * wait). `near`: those at most two places from the head, for the alert.
 */
import type { ConnectionState, SignalingClient } from '@etapiste/call-client';
import type { TicketView } from '@etapiste/protocol';
import { useEffect, useMemo, useState } from 'react';

/** Alert when at most this many requests are ahead of a stepped-away one. */
export const NEAR_PLACES = 2;

export interface SteppedAway {
  tickets: TicketView[];
  near: TicketView[];
  /** Takes a request off the list at once (answered back or cancelled here). */
  forget(ticketId: string): void;
}

export function isNear(ticket: TicketView): boolean {
  return ticket.position !== undefined && ticket.position <= NEAR_PLACES + 1;
}

export function useSteppedAway(client: SignalingClient | undefined, connection: ConnectionState): SteppedAway {
  const [byId, setById] = useState<ReadonlyMap<string, TicketView>>(new Map());

  useEffect(() => {
    if (!client) return;
    return client.on('ticket:update', (ticket) =>
      setById((current) => {
        const away = ticket.state === 'waiting' && ticket.steppedAway !== undefined;
        if (!away && !current.has(ticket.ticketId)) return current;
        const next = new Map(current);
        if (away) next.set(ticket.ticketId, { ...current.get(ticket.ticketId), ...ticket });
        else next.delete(ticket.ticketId);
        return next;
      }),
    );
  }, [client]);

  useEffect(() => {
    if (!client || connection !== 'connected') return;
    let gone = false;
    client.request('request:list', {}).then(
      (tickets) => {
        if (gone) return;
        setById(new Map(tickets.filter((t) => t.state === 'waiting' && t.steppedAway).map((t) => [t.ticketId, t])));
      },
      () => undefined, // the next reconnect asks again; the visit's own resync reports failures
    );
    return () => {
      gone = true;
    };
  }, [client, connection]);

  return useMemo(() => {
    const tickets = [...byId.values()].sort((a, b) => (a.position ?? 1e9) - (b.position ?? 1e9));
    return {
      tickets,
      near: tickets.filter(isNear),
      forget: (ticketId: string) =>
        setById((current) => {
          if (!current.has(ticketId)) return current;
          const next = new Map(current);
          next.delete(ticketId);
          return next;
        }),
    };
  }, [byId]);
}
