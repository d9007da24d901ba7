/**
 * @jest-environment jsdom
 */
/**
 * A customer who needs an interpreter (issue 14), as the point shows it: the choice after the
 * language, only where the pool has an interpreter with that language, named in the reader's
 * language; the request carries it; the waiting screen says an interpreter is being arranged; and
 * in the call a sign-language interpreter's picture is pinned first and large.
 */
import { CallGrid, type CallTile } from '@etapiste/ui';
import { rendererFor } from '@etapiste/ui/testing';
import { describe, expect, it, jest } from '@jest/globals';
import { fireEvent, screen, within } from '@testing-library/react';
import { resources } from '../src/i18n/resources.js';
import { StartScreen } from '../src/screens/StartScreen.js';
import { WaitingScreen } from '../src/screens/WaitingScreen.js';
import { directory, ticket } from './fixtures.js';

const renderIn = rendererFor(resources);
const press = (element: HTMLElement) => {
  fireEvent.pointerDown(element, { pointerType: 'mouse' });
  fireEvent.pointerUp(element, { pointerType: 'mouse' });
  fireEvent.click(element);
};
const withPool = {
  ...directory,
  interpreting: [
    { language: 'ar', serviceLanguage: 'fi' as const },
    { language: 'fse', serviceLanguage: 'fi' as const },
    { language: 'fss', serviceLanguage: 'sv' as const },
  ],
};

describe('the interpreter at the point', () => {
  it("offers the pool's languages for the chosen language only, and sends the one chosen", () => {
    const onChoose = jest.fn();
    renderIn(
      <StartScreen directory={withPool} point={withPool.points[0]} onChoose={onChoose} onSignOut={() => {}} />,
      'fi',
    );
    fireEvent.click(screen.getByRole('radio', { name: 'Verohallinto' }));
    const languages = screen.getByRole('radiogroup', { name: '2. Asiakkaan kieli' });
    fireEvent.click(within(languages).getByRole('radio', { name: 'Svenska' }));
    let pool = screen.getByRole('radiogroup', { name: 'Tarvitaanko tulkkia?' });
    expect(
      within(pool)
        .getAllByRole('radio')
        .map((r) => r.closest('label')?.textContent),
    ).toEqual(['Ei tulkkia', 'suomenruotsalainen viittomakieli']);
    fireEvent.click(within(languages).getByRole('radio', { name: 'Suomi' }));
    pool = screen.getByRole('radiogroup', { name: 'Tarvitaanko tulkkia?' });
    // "No interpreter" is the default; Arabic is named by Intl in Finnish.
    expect((within(pool).getByRole('radio', { name: 'Ei tulkkia' }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(within(pool).getByRole('radio', { name: 'arabia' }));
    const identity = screen.getByRole('radiogroup', { name: /3\. Miten asiakkaan henkilöllisyys/ });
    fireEvent.click(within(identity).getByRole('radio', { name: 'Passi' }));
    press(screen.getByRole('button', { name: 'Jatka laitteiden tarkistukseen' }));
    expect(onChoose).toHaveBeenCalledWith({
      agency: 'tax',
      language: 'fi',
      identityCheck: 'passport',
      interpreterLanguage: 'ar',
    });
  });

  it('shows no interpreter step where the pool has nobody for the language', () => {
    renderIn(
      <StartScreen directory={directory} point={directory.points[0]} onChoose={() => {}} onSignOut={() => {}} />,
      'sv',
    );
    fireEvent.click(screen.getByRole('radio', { name: 'Skatteförvaltningen' }));
    fireEvent.click(screen.getByRole('radio', { name: 'Suomi' }));
    expect(screen.queryByRole('radiogroup', { name: 'Behövs en tolk?' })).toBeNull();
  });

  it('says on the waiting screen that an interpreter is being arranged, in the reader’s language', () => {
    renderIn(
      <WaitingScreen
        directory={withPool}
        ticket={{ ...ticket, interpreterLanguage: 'fse' }}
        transferredFromAgency={undefined}
        selfView={undefined}
        busy={false}
        error={undefined}
        onCancel={() => {}}
      />,
      'sv',
    );
    expect(screen.getByText(/En tolk ordnas \(finskt teckenspråk\)/)).toBeTruthy();
  });

  it("pins a sign-language interpreter's picture first and large", () => {
    // jsdom has no media: a stream is only a holder for the track here.
    (globalThis as { MediaStream?: unknown }).MediaStream ??= class {
      constructor(readonly tracks: MediaStreamTrack[]) {}
    };
    const track = {} as MediaStreamTrack;
    const tiles: CallTile[] = [
      { key: 'e', track, participantId: 'expert:aino', role: 'expert', name: 'Aino' },
      { key: 's', track, participantId: 'supervisor:maria', role: 'supervisor', name: 'Maria' },
      { key: 'i', track, participantId: 'interpreter:satu', role: 'interpreter', name: 'Satu' },
    ];
    const { container } = renderIn(<CallGrid tiles={tiles} speaker={null} pinned="interpreter:satu" />, 'fi');
    const items = [...container.querySelectorAll('li')];
    expect(items.map((li) => li.getAttribute('data-participant'))).toEqual([
      'interpreter:satu',
      'expert:aino',
      'supervisor:maria',
    ]);
    expect(items[0]?.hasAttribute('data-pinned')).toBe(true);
    expect(container.querySelector('ul')?.className).toContain('call-grid--pinned');
    expect(items[0]?.textContent).toContain('Tulkki Satu');
  });
});
