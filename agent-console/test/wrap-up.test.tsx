/**
 * @jest-environment jsdom
 */
/** Wrap-up: the agency's outcomes, the time left, no save without an outcome, the note, save and go away. */
import { rendererFor } from '@etapiste/ui/testing';
import { describe, expect, it, jest } from '@jest/globals';
import { fireEvent, screen } from '@testing-library/react';
import { resources } from '../src/i18n/resources.js';
import { namesFor } from '../src/shared/names.js';
import { WrapUpView } from '../src/specialist/WrapUpView.js';
import { directory, session, T0 } from './fixtures.js';

const renderIn = rendererFor(resources);

describe('WrapUpView', () => {
  const deadline = new Date(T0 + 120_000).toISOString();

  it('lists the agency’s outcomes, counts down, and saves only with an outcome chosen', () => {
    const onSubmit = jest.fn();
    const props = { session, deadline, transferred: false, names: namesFor(directory, 'en'), busy: false, onSubmit };
    const view = renderIn(<WrapUpView {...props} now={T0 + 30_000} />);

    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Wrap-up' }));
    const group = screen.getByRole('group', { name: 'Outcome' });
    expect([...group.querySelectorAll('label')].map((l) => l.textContent)).toEqual([
      'Resolved',
      'Follow-up at the agency',
    ]);
    expect(screen.getByRole('timer').textContent).toBe('1:30');

    fireEvent.click(screen.getByRole('button', { name: 'Save and become available' }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toBe('Choose an outcome.');

    fireEvent.click(screen.getByRole('radio', { name: 'Follow-up at the agency' }));
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Save and become available' }));
    expect(onSubmit).toHaveBeenCalledWith({ outcome: 'follow-up', away: false });

    // A note with a personal identity code is refused; a clean one goes with "save and go away".
    const note = screen.getByRole('textbox', { name: 'Your own note (optional)' });
    fireEvent.change(note, { target: { value: 'Customer 010190-123A needs more' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save and set away' }));
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(screen.getByText('Remove the personal identity code from the note.')).toBeTruthy();
    fireEvent.change(note, { target: { value: '  Needs a decision from Kela  ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save and set away' }));
    expect(onSubmit).toHaveBeenLastCalledWith({ outcome: 'follow-up', away: true, note: 'Needs a decision from Kela' });

    view.rerender(<WrapUpView {...props} now={T0 + 125_000} />);
    expect(screen.getByRole('timer').textContent).toBe('0:00');
  });

  it('says the visit was transferred, in Swedish', () => {
    renderIn(
      <WrapUpView
        session={session}
        deadline={deadline}
        transferred
        names={namesFor(directory, 'sv')}
        now={T0}
        busy={false}
        onSubmit={() => {}}
      />,
      'sv',
    );
    expect(screen.getByRole('status').textContent).toContain('Kunden överfördes till en annan kö');
    expect(screen.getByRole('radio', { name: 'Ärendet klart' })).toBeTruthy();
  });
});
