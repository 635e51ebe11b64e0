import type { Turn } from '../../core/types.js';
import { escapeTeamsMarkdown } from './markdown.js';

/** A message the bot sends, as Bot Framework activity JSON (the SDK's Partial<Activity> accepts it). */
export interface OutgoingMessage {
  readonly type: 'message';
  readonly text?: string;
  readonly textFormat?: 'markdown' | 'plain';
  readonly attachments?: ReadonlyArray<{ readonly contentType: string; readonly content: unknown }>;
  readonly entities?: ReadonlyArray<Record<string, unknown>>;
  readonly channelData?: Record<string, unknown>;
}

/** A reply as Teams gets it: the message, and what to remember once it is sent. */
export interface TeamsReply {
  readonly message: OutgoingMessage;
  /** The answer this message carries, linked to the sent message id so that feedback finds it. */
  readonly answerId?: string;
  /** The exchange to keep in the conversation history. */
  readonly turn?: Turn;
  /** Already in the chat (streamed), known by these message ids: only linked to its answer, not sent again. */
  readonly sent?: readonly string[];
}

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

export function textReply(text: string): TeamsReply {
  return { message: { type: 'message', text, textFormat: 'markdown' } };
}

export function cardReply(card: object, summary: string, entities?: OutgoingMessage['entities']): TeamsReply {
  return {
    message: {
      type: 'message',
      // Shown in notifications and by clients that cannot render the card; it quotes what users typed.
      text: escapeTeamsMarkdown(summary),
      attachments: [{ contentType: ADAPTIVE_CARD, content: card }],
      ...(entities ? { entities } : {}),
    },
  };
}
