/**
 * @jest-environment jsdom
 */
/** The ringing offer: what it tells, the countdown to its expiry, focus, sound and the answers. */
import { rendererFor } from '@etapiste/ui/testing';
import { describe, expect, it, jest } from '@jest/globals';
import { act, fireEvent, screen } from '@testing-library/react';
import { resources } from '../src/i18n/resources.js';
import { namesFor } from '../src/shared/names.js';
import { OfferAlert } from '../src/specialist/OfferAlert.js';
import { directory, offer, T0 } from './fixtures.js';

const renderIn = rendererFor(resources);

describe('OfferAlert', () => {
  it('shows agency, language, topic, point, wait and countdown; focuses Accept; rings; answers', () => {
    const ring = jest.fn();
    const onAccept = jest.fn();
    const onDecline = jest.fn();
    const props = { offer, names: namesFor(directory, 'en'), busy: false, onAccept, onDecline, ring };
    const view = renderIn(<OfferAlert {...props} now={T0 + 8_000} />);

    expect(screen.getByRole('heading', { name: /A new customer is waiting/ })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe(
      'New customer: Tax Administration, Finnish, Service point Mikkeli. Accept or decline.',
    );
    const facts = screen.getByRole('region', { name: /A new customer is waiting/ }).textContent ?? '';
    for (const text of [
      'Tax Administration',
      'Finnish',
      'Tax card',
      'Service point Mikkeli',
      'Brings last year’s decision',
    ])
      expect(facts).toContain(text);
    // Waited since enqueuedAt (95 s before T0) until now (T0 + 8 s).
    expect(facts).toContain('1:43');
    expect(screen.getByRole('timer').textContent).toBe('12 seconds');
    expect(screen.getByRole('timer').dataset.urgent).toBeUndefined();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Accept' }));
    expect(ring).toHaveBeenCalledTimes(1);

    // The countdown follows the clock, is marked urgent near the end and stops at zero.
    view.rerender(<OfferAlert {...props} now={T0 + 17_000} />);
    expect(screen.getByRole('timer').textContent).toBe('3 seconds');
    expect(screen.getByRole('timer').dataset.urgent).toBe('true');
    expect(ring).toHaveBeenCalledTimes(1);

    fireEvent.click(screen.getByRole('button', { name: 'Decline' }));
    expect(onDecline).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole('button', { name: 'Accept' }));
    expect(onAccept).toHaveBeenCalledTimes(1);
  });

  it('moves focus to Accept once it can take it (the offer may arrive while busy)', () => {
    const props = {
      offer,
      names: namesFor(directory, 'en'),
      now: T0,
      onAccept: () => {},
      onDecline: () => {},
      ring: () => {},
    };
    const view = renderIn(<OfferAlert {...props} busy />);
    expect(document.activeElement).not.toBe(screen.getByRole('button', { name: 'Accept' }));
    view.rerender(<OfferAlert {...props} busy={false} />);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Accept' }));
  });

  it('shows a transferred visit with its context and the wait since the visit began', () => {
    renderIn(
      <OfferAlert
        offer={{
          ...offer,
          agency: 'kela',
          topic: undefined,
          transferredFrom: 'sprevious001',
          transferNote: 'Kela asia',
          transfer: { fromAgency: 'tax', fromLanguage: 'fi', fromTopic: 'tax-card', byName: 'Aino Virtanen' },
          // The customer first queued 10 minutes before this queue's request.
          visitQueuedAt: new Date(Date.parse(offer.enqueuedAt) - 600_000).toISOString(),
        }}
        names={namesFor(directory, 'fi')}
        now={T0}
        busy={false}
        onAccept={() => {}}
        onDecline={() => {}}
        ring={() => {}}
      />,
      'fi',
    );
    const text = screen.getByRole('region', { name: /Siirretty asiakas odottaa/ }).textContent ?? '';
    expect(text).toContain('Siirtäjä: Aino Virtanen (Verohallinto – suomi)');
    expect(text).toContain('Aihe siellä: Verokortti.');
    expect(text).toContain('Viesti asiantuntijalta Aino Virtanen: Kela asia');
    // 95 s in this queue + 10 min before the transfer.
    expect(text).toContain('Odottanut asioinnin alusta11:35');
  });

  it('rings again while unanswered, and in Finnish says the same', () => {
    jest.useFakeTimers();
    try {
      const ring = jest.fn();
      renderIn(
        <OfferAlert
          offer={{ ...offer, transferredFrom: 'sprevious001', transferNote: 'Kela asia' }}
          names={namesFor(directory, 'fi')}
          now={T0 + 19_500}
          busy={false}
          onAccept={() => {}}
          onDecline={() => {}}
          ring={ring}
        />,
        'fi',
      );
      expect(screen.getByRole('heading', { name: /Siirretty asiakas odottaa/ })).toBeTruthy();
      expect(screen.getByRole('timer').textContent).toBe('1 sekunti');
      expect(screen.getByText('Kela asia')).toBeTruthy();
      expect(screen.getByText('Odottanut')).toBeTruthy();
      act(() => {
        jest.advanceTimersByTime(8_000);
      });
      expect(ring).toHaveBeenCalledTimes(3);
    } finally {
      jest.useRealTimers();
    }
  });
});
