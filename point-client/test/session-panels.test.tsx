/**
 * @jest-environment jsdom
 */
/** The session's chat and documents panels: what they say in the reader's language, what presses do. */
import type { ChatMessage, SharedDocument } from '@etapiste/protocol';
import { ChatPanel, DocumentsPanel } from '@etapiste/ui';
import { rendererFor } from '@etapiste/ui/testing';
import { describe, expect, it, jest } from '@jest/globals';
import { act, fireEvent, screen } from '@testing-library/react';
import { resources } from '../src/i18n/resources.js';

// The panels live in @etapiste/ui (both apps show them); their texts are the shared ones.
const renderIn = rendererFor(resources);

const message = (from: ChatMessage['from'], text: string, n: number): ChatMessage => ({
  messageId: `message-00${n}`,
  sessionId: 'session-0001',
  from,
  name: from === 'point' ? 'Leena Hämäläinen' : 'Aino Virtanen',
  text,
  at: '2026-12-01T12:05:00.000Z',
});

describe('ChatPanel', () => {
  it('names the other side, says "you" for one\'s own, and sends what is typed, trimmed', async () => {
    const send = jest.fn(async (_text: string) => {});
    renderIn(
      <ChatPanel
        chat={{ messages: [message('expert', 'Hei!', 1), message('point', 'Virtanen', 2)], send }}
        self="point"
      />,
      'sv',
    );
    const log = screen.getByRole('log', { name: 'Meddelanden i den här tjänsten' });
    expect(log.textContent).toContain('Aino Virtanen · 14.05');
    expect(log.textContent).toContain('Du · 14.05');
    fireEvent.change(screen.getByRole('textbox', { name: 'Skriv ett meddelande' }), { target: { value: '  V-I-R  ' } });
    await act(async () => {
      fireEvent.submit(
        screen.getByRole('textbox', { name: 'Skriv ett meddelande' }).closest('form') as HTMLFormElement,
      );
    });
    expect(send).toHaveBeenCalledWith('V-I-R');
  });
});

describe('DocumentsPanel', () => {
  it('lists each document with its type, size and sender in words, and saves the one pressed', async () => {
    const document: SharedDocument = {
      documentId: 'document-0001',
      sessionId: 'session-0001',
      from: 'expert',
      name: 'verokortti.pdf',
      contentType: 'application/pdf',
      size: 48_128,
      at: '2026-12-01T12:05:00.000Z',
    };
    const save = jest.fn(async (_d: SharedDocument) => {});
    renderIn(<DocumentsPanel documents={{ documents: [document], upload: async () => {}, save }} self="point" />, 'fi');
    expect(screen.getByText('verokortti.pdf').closest('li')?.textContent).toMatch(/PDF, 47 kt · asiantuntijalta/);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Tallenna verokortti.pdf' }));
    });
    expect(save).toHaveBeenCalledWith(document);
    expect(screen.getByRole('button', { name: 'Lähetä asiakirja…' })).toBeTruthy();
  });
});
