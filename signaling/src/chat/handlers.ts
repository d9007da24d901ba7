/** `chat:send`, `chat:history`: the session's chat. The text is the participants' own: never logged. */
import type { CommandRouter } from '../realtime/command-router.js';
import type { ChatService } from './chat-service.js';

export function registerChatHandlers(router: CommandRouter, chat: ChatService): void {
  router.handle('chat:send', async ({ principal, log }, { sessionId, text }) => {
    const message = await chat.send(principal, sessionId, text);
    log.debug({ sessionId, messageId: message.messageId }, 'chat message');
    return message;
  });

  router.handle('chat:history', async ({ principal }, { sessionId }) => ({
    sessionId,
    messages: await chat.history(principal, sessionId),
  }));
}
