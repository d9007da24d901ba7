/**
 * Text chat between everyone in a session: for spelling a name, a link, a reference number. The
 * text lives only as long as the session, unless the agency keeps it (`chatKeptHours`), and is
 * never logged. Only the session's point and specialist may send or read it.
 */
import { z } from 'zod';
import { EntityId } from './domain.js';

export const CHAT_TEXT_MAX = 1000;
/** The most messages a session's chat keeps; older ones drop off (a chat, not a document store). */
export const CHAT_HISTORY_MAX = 200;

export const ChatSend = z.strictObject({
  sessionId: EntityId,
  text: z.string().trim().min(1).max(CHAT_TEXT_MAX),
});
export type ChatSend = z.infer<typeof ChatSend>;

export const ChatMessage = z.strictObject({
  messageId: EntityId,
  sessionId: EntityId,
  /** Who wrote it: the point (the advisor and the customer) or the specialist. */
  from: z.enum(['point', 'expert']),
  /** The writer's name as the other side sees it (the specialist's, or the advisor's at the point). */
  name: z.string().max(100),
  text: z.string().max(CHAT_TEXT_MAX),
  at: z.iso.datetime(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

export const ChatHistory = z.strictObject({ sessionId: EntityId, messages: z.array(ChatMessage) });
export type ChatHistory = z.infer<typeof ChatHistory>;
