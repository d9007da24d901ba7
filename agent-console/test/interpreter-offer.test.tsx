/**
 * @jest-environment jsdom
 */
/**
 * An offer with an interpreter (issue 14) in the console: it names the other side and the language,
 * the first accept waits for the other side (said, Accept disabled), the other's accept is said,
 * and the work state follows: waiting, the partner's accept, a withdrawal clearing the wait.
 */
import type { Offer } from '@etapiste/protocol';
import { rendererFor } from '@etapiste/ui/testing';
import { describe, expect, it, jest } from '@jest/globals';
import { screen } from '@testing-library/react';
import { resources } from '../src/i18n/resources.js';
import { namesFor } from '../src/shared/names.js';
import { OfferAlert } from '../src/specialist/OfferAlert.js';
import { initialWork, workReducer } from '../src/specialist/work-state.js';
import { directory, offer, T0 } from './fixtures.js';

const renderIn = rendererFor(resources);
const withInterpreter: Offer = {
  ...offer,
  interpreter: { language: 'ar', as: 'expert', partnerName: 'Yasmin Haddad', partnerAccepted: false },
};

describe('an offer with an interpreter', () => {
  it('names the interpreter and the language, and waits for them after this side accepts', () => {
    const props = {
      names: namesFor(directory, 'fi'),
      busy: false,
      onAccept: jest.fn(),
      onDecline: jest.fn(),
      ring: jest.fn(),
      now: T0,
    };
    const view = renderIn(<OfferAlert {...props} offer={withInterpreter} />, 'fi');
    expect(screen.getByTestId('offer-pair').textContent).toContain(
      'Puhelu yhdessä: tulkki Yasmin Haddad, tulkattava kieli arabia.',
    );
    view.rerender(<OfferAlert {...props} offer={withInterpreter} accepted />);
    expect(screen.getByTestId('offer-pair').textContent).toContain('Hyväksyit. Odotetaan: tulkki Yasmin Haddad.');
    expect((screen.getByRole('button', { name: 'Hyväksytty' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows the interpreter their own heading and the specialist who has accepted, in Swedish', () => {
    const asInterpreter: Offer = {
      ...offer,
      interpreter: { language: 'fse', as: 'interpreter', partnerName: 'Aino Virtanen', partnerAccepted: true },
    };
    renderIn(
      <OfferAlert
        offer={asInterpreter}
        names={namesFor(directory, 'sv')}
        busy={false}
        onAccept={() => {}}
        onDecline={() => {}}
        ring={() => {}}
        now={T0}
      />,
      'sv',
    );
    expect(screen.getByRole('heading', { name: /Tolkning: en kund väntar/ })).toBeTruthy();
    expect(screen.getByTestId('offer-pair').textContent).toContain('finskt teckenspråk');
    expect(screen.getByTestId('offer-pair').textContent).toContain('Har redan godkänt: den sakkunniga Aino Virtanen.');
  });

  it('keeps the wait in the work state until the call starts or the offer goes', () => {
    let state = workReducer(initialWork, { type: 'offer', offer: withInterpreter });
    state = workReducer(state, { type: 'offer-accepted-waiting', offerId: withInterpreter.offerId });
    expect(state.acceptedOffer).toBe(withInterpreter.offerId);
    state = workReducer(state, { type: 'offer-partner-accepted', offerId: 'another' });
    expect(state.offer?.interpreter?.partnerAccepted).toBe(false);
    state = workReducer(state, { type: 'offer-partner-accepted', offerId: withInterpreter.offerId });
    expect(state.offer?.interpreter?.partnerAccepted).toBe(true);
    const gone = workReducer(state, {
      type: 'offer-withdrawn',
      offerId: withInterpreter.offerId,
      reason: 'partner-timeout',
    });
    expect(gone).toMatchObject({ offer: undefined, offerGone: 'partner-timeout', acceptedOffer: undefined });
  });
});
