/**
 * A session's chat on a page: its history when the session (or the connection) comes up, then the
 * pushed messages, one list in the order the server wrote them (a message already there, e.g. our
 * own send's answer and its push, is not added twice).
 */
import type { SignalingClient } from '@etapiste/call-client';
import type { ChatMessage } from '@etapiste/protocol';
import { useCallback, useEffect, useState } from 'react';

export interface Chat {
  messages: ChatMessage[];
  send(text: string): Promise<void>;
}

export function useChat(client: SignalingClient | undefined, sessionId: string | undefined): Chat {
  const [messages, setMessages] = useState<ChatMessage[]>([]);

  const add = useCallback((message: ChatMessage) => {
    setMessages((list) => (list.some((m) => m.messageId === message.messageId) ? list : [...list, message]));
  }, []);

  useEffect(() => {
    setMessages([]);
    if (!client || !sessionId) return;
    let live = true;
    const off = client.on('chat:message', (message) => {
      if (message.sessionId === sessionId) add(message);
    });
    client.request('chat:history', { sessionId }).then(
      (history) => {
        if (!live) return;
        setMessages((list) => {
          const known = new Set(history.messages.map((m) => m.messageId));
          return [...history.messages, ...list.filter((m) => !known.has(m.messageId))];
        });
      },
      () => undefined,
    );
    return () => {
      live = false;
      off();
    };
  }, [client, sessionId, add]);

  const send = useCallback(
    async (text: string) => {
      if (!client || !sessionId) return;
      add(await client.request('chat:send', { sessionId, text }));
    },
    [client, sessionId, add],
  );

  return { messages, send };
}
