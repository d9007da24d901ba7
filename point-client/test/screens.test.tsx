/**
 * @jest-environment jsdom
 */
/** The views: what they say in each language, what the live region announces, what presses do. */
import { rendererFor } from '@etapiste/ui/testing';
import { describe, expect, it, jest } from '@jest/globals';
import { act, fireEvent, screen, within } from '@testing-library/react';
import { resources } from '../src/i18n/resources.js';
import { FeedbackScreen } from '../src/screens/FeedbackScreen.js';
import { StartScreen } from '../src/screens/StartScreen.js';
import { UnavailableScreen } from '../src/screens/UnavailableScreen.js';
import { WaitingScreen } from '../src/screens/WaitingScreen.js';
import { directory, ticket } from './fixtures.js';

const renderIn = rendererFor(resources);

const press = (element: HTMLElement) => {
  fireEvent.pointerDown(element, { pointerType: 'mouse' });
  fireEvent.pointerUp(element, { pointerType: 'mouse' });
  fireEvent.click(element);
};

describe('StartScreen', () => {
  it("says when the service opens next after it closed on a waiting customer, in the reader's language", () => {
    const opensAt = '2026-12-02T06:00:00.000Z'; // Wednesday 8.00 in Helsinki
    renderIn(
      <StartScreen
        directory={directory}
        point={directory.points[0]}
        notice="closed"
        opensAt={opensAt}
        onChoose={() => {}}
        onSignOut={() => {}}
      />,
      'fi',
    );
    expect(screen.getByRole('status').textContent).toContain('Palvelu sulkeutui jonotuksen aikana.');
    expect(screen.getByRole('status').textContent).toMatch(/aukeaa seuraavan kerran ke 2\.12\. klo 8\.00/);
  });

  it('asks for the agency first, then the language in its own name, a topic and a note', () => {
    const onChoose = jest.fn();
    renderIn(
      <StartScreen directory={directory} point={directory.points[0]} onChoose={onChoose} onSignOut={() => {}} />,
      'fi',
    );
    expect(screen.getByRole('heading', { level: 1, name: 'Asiointipiste on valmis' })).toBeTruthy();
    press(screen.getByRole('button', { name: 'Jatka laitteiden tarkistukseen' }));
    expect(screen.getByText('Valitse virasto.')).toBeTruthy();
    expect(onChoose).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('radio', { name: 'Verohallinto' }));
    const languages = screen.getByRole('radiogroup', { name: '2. Asiakkaan kieli' });
    const svenska = within(languages).getByRole('radio', { name: 'Svenska' });
    expect(svenska.closest('label')?.getAttribute('lang')).toBe('sv');
    // Nothing is guessed from the screen's language: without a choice the form says so and stops.
    expect(
      within(languages)
        .getAllByRole('radio')
        .some((r) => (r as HTMLInputElement).checked),
    ).toBe(false);
    press(screen.getByRole('button', { name: 'Jatka laitteiden tarkistukseen' }));
    expect(screen.getByText('Valitse asiakkaan kieli.')).toBeTruthy();
    expect(onChoose).not.toHaveBeenCalled();
    fireEvent.click(svenska);
    fireEvent.click(screen.getByRole('radio', { name: 'Verokortti' }));
    const note = screen.getByRole('textbox', { name: /Viesti asiantuntijalle/ });
    fireEvent.change(note, { target: { value: 'Henkilötunnus 010190-123A' } });
    expect(screen.getByText(/näyttää olevan henkilötunnus/)).toBeTruthy();
    press(screen.getByRole('button', { name: 'Jatka laitteiden tarkistukseen' }));
    expect(onChoose).not.toHaveBeenCalled();
    fireEvent.change(note, { target: { value: 'Tuo lomakkeen' } });
    // How the identity was checked is asked too, never assumed: without it the form stops and says so.
    press(screen.getByRole('button', { name: 'Jatka laitteiden tarkistukseen' }));
    expect(screen.getByText('Valitse, miten henkilöllisyys tarkistettiin.')).toBeTruthy();
    expect(onChoose).not.toHaveBeenCalled();
    const identity = screen.getByRole('radiogroup', { name: /3\. Miten asiakkaan henkilöllisyys/ });
    fireEvent.click(within(identity).getByRole('radio', { name: 'Passi' }));
    press(screen.getByRole('button', { name: 'Jatka laitteiden tarkistukseen' }));
    expect(onChoose).toHaveBeenCalledWith({
      agency: 'tax',
      language: 'sv',
      identityCheck: 'passport',
      topic: 'tax-card',
      note: 'Tuo lomakkeen',
    });
  });

  it('offers "not checked" only where the agency allows it, and says why in the reader\'s language', () => {
    const strict = {
      ...directory,
      agencies: directory.agencies.map((agency) => ({ ...agency, uncheckedIdentity: 'refused' as const })),
    };
    renderIn(
      <StartScreen directory={strict} point={strict.points[0]} onChoose={() => {}} onSignOut={() => {}} />,
      'sv',
    );
    fireEvent.click(screen.getByRole('radio', { name: 'Skatteförvaltningen' }));
    const identity = screen.getByRole('radiogroup', { name: /3\. Hur kontrollerades kundens identitet/ });
    expect(within(identity).getByRole('radio', { name: 'Pass' })).toBeTruthy();
    expect(within(identity).queryByRole('radio', { name: 'Inte kontrollerad' })).toBeNull();
    expect(identity.textContent).toContain('Skatteförvaltningen kräver att identiteten har kontrollerats.');
  });

  it('says on each agency tile whether it serves now and in which languages, inflected', () => {
    const availability = {
      at: '2026-12-01T10:00:00.000Z',
      agencies: [
        { agency: 'tax', open: true, languages: ['fi', 'sv'] as ('fi' | 'sv' | 'en')[] },
        { agency: 'kela', open: false, languages: [], opensAt: '2026-12-02T06:00:00.000Z' },
      ],
    };
    const { rerender } = renderIn(
      <StartScreen
        directory={directory}
        point={undefined}
        availability={availability}
        onChoose={() => {}}
        onSignOut={() => {}}
      />,
      'fi',
    );
    const tax = screen.getByRole('radio', { name: 'Verohallinto' });
    expect(document.getElementById(tax.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'Palvelee nyt suomeksi ja ruotsiksi',
    );
    const kela = screen.getByRole('radio', { name: 'Kela' });
    expect(document.getElementById(kela.getAttribute('aria-describedby') ?? '')?.textContent).toMatch(
      /^Suljettu, aukeaa ke 2\.12\. klo 8\.00$/,
    );
    rerender(
      <StartScreen
        directory={directory}
        point={undefined}
        availability={{ ...availability, agencies: [{ agency: 'tax', open: true, languages: [] }] }}
        onChoose={() => {}}
        onSignOut={() => {}}
      />,
    );
    expect(screen.getByText('Asiantuntijoita ei ole nyt paikalla')).toBeTruthy();
  });

  it('offers only the languages the agency serves', () => {
    renderIn(<StartScreen directory={directory} point={undefined} onChoose={() => {}} onSignOut={() => {}} />, 'en');
    fireEvent.click(screen.getByRole('radio', { name: 'Kela' }));
    const languages = screen.getByRole('radiogroup', { name: '2. Customer’s language' });
    expect(
      within(languages)
        .getAllByRole('radio')
        .map((r) => r.closest('label')?.textContent),
    ).toEqual(['Suomi', 'Svenska']);
  });
});

describe('WaitingScreen', () => {
  it('announces the place and the estimate in one polite sentence, in each language', () => {
    const view = (t = ticket) => (
      <WaitingScreen
        ticket={t}
        transferredFromAgency={undefined}
        directory={directory}
        selfView={undefined}
        busy={false}
        error={undefined}
        onCancel={() => {}}
      />
    );
    const { rerender, i18n } = renderIn(view(), 'fi');
    const live = screen.getByRole('status');
    expect(live.getAttribute('aria-live')).toBe('polite');
    expect(live.textContent).toBe('Olette jonossa sijalla 3. Arvioitu odotus noin 5 minuuttia.');
    rerender(view({ ...ticket, position: 1, etaSeconds: 20 }));
    expect(live.textContent).toBe('Olette jonossa sijalla 1. Arvioitu odotus noin 1 minuutti.');
    act(() => void i18n.changeLanguage('sv'));
    expect(live.textContent).toBe('Ni är nummer 1 i kön. Beräknad väntetid cirka 1 minut.');
    act(() => void i18n.changeLanguage('en'));
    rerender(view({ ...ticket, position: 2, etaSeconds: undefined }));
    expect(live.textContent).toBe('You are number 2 in the queue. The wait cannot be estimated yet.');
    rerender(view({ ...ticket, state: 'offered' }));
    expect(live.textContent).toBe('A specialist is joining. Just a moment.');
  });

  it('says the visit was passed on and needs no new start', () => {
    renderIn(
      <WaitingScreen
        ticket={{ ...ticket, agency: 'kela' }}
        transferredFromAgency="tax"
        directory={directory}
        selfView={undefined}
        busy={false}
        error={undefined}
        onCancel={() => {}}
      />,
      'en',
    );
    expect(
      screen.getByText(/Your visit has been passed on\. Next you will be served by: Kela\..*no need to start over\./),
    ).toBeTruthy();
  });
});

describe('UnavailableScreen', () => {
  it('says who is missing, offers the languages that are online (named for the sentence), and waiting', () => {
    const onLanguage = jest.fn();
    const onWait = jest.fn();
    renderIn(
      <UnavailableScreen
        draft={{ agency: 'tax', language: 'sv' }}
        reason="nobody-online"
        languagesOnline={['fi', 'en']}
        directory={directory}
        busy={false}
        error={undefined}
        onWait={onWait}
        onLanguage={onLanguage}
        onComeBackLater={() => {}}
        onBack={() => {}}
      />,
      'fi',
    );
    expect(
      screen.getByRole('heading', {
        level: 1,
        name: 'Verohallinto: ruotsinkielistä asiantuntijaa ei ole nyt paikalla',
      }),
    ).toBeTruthy();
    // The language inflected in the sentence, in the reader's language: never "Suomi" inside Finnish.
    expect(screen.getByRole('button', { name: /Asioi englanniksi/ })).toBeTruthy();
    const summary = document.querySelector('.summary')?.textContent ?? '';
    expect(summary).toMatch(/^Verohallinto · .*ruotsi$/);
    expect(summary).not.toContain('Svenska');
    press(screen.getByRole('button', { name: /Asioi suomeksi/ }));
    expect(onLanguage).toHaveBeenCalledWith('fi');
    press(screen.getByRole('button', { name: /Odota silti jonossa/ }));
    expect(onWait).toHaveBeenCalled();
    expect(screen.getByText('ma–pe 8.00–16.15')).toBeTruthy();
  });

  it('says when the agency is closed, with its hours, in Swedish', () => {
    renderIn(
      <UnavailableScreen
        draft={{ agency: 'kela', language: 'sv' }}
        reason="closed"
        languagesOnline={[]}
        directory={directory}
        busy={false}
        error={undefined}
        onWait={() => {}}
        onLanguage={() => {}}
        onComeBackLater={() => {}}
        onBack={() => {}}
      />,
      'sv',
    );
    expect(screen.getByRole('heading', { level: 1, name: 'FPA är stängd nu' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Uträtta ärendet på/ })).toBeNull();
    expect(screen.getByRole('button', { name: /Kom tillbaka senare/ })).toBeTruthy();
  });
});

describe('FeedbackScreen', () => {
  it('sends a face and a comment, or skips', () => {
    const onSubmit = jest.fn();
    renderIn(<FeedbackScreen busy={false} error={undefined} onSubmit={onSubmit} />, 'sv');
    const send = screen.getByRole('button', { name: 'Skicka respons' });
    expect(send.hasAttribute('disabled') || send.getAttribute('aria-disabled') === 'true').toBe(true);
    press(screen.getByRole('button', { name: 'Hoppa över' }));
    expect(onSubmit).toHaveBeenLastCalledWith({});
    fireEvent.click(screen.getByRole('radio', { name: 'Bra' }));
    fireEvent.change(screen.getByRole('textbox', { name: /Vill du berätta mer/ }), { target: { value: 'Tack' } });
    press(screen.getByRole('button', { name: 'Skicka respons' }));
    expect(onSubmit).toHaveBeenLastCalledWith({ rating: 4, comment: 'Tack' });
  });

  it('shows a server error as a translated sentence', () => {
    renderIn(<FeedbackScreen busy={false} error={{ code: 'RATE_LIMITED' }} onSubmit={() => {}} />, 'en');
    expect(screen.getByRole('alert').textContent).toBe('Too many attempts. Wait a moment and try again.');
  });
});
