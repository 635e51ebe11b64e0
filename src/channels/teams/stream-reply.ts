/**
 * Streams an answer into a Teams one-on-one chat with `streaminfo` entities (Teams streams in
 * personal chats only): `informative` typing activities while searching, `streaming` typing
 * activities each carrying the whole text so far with an increasing `streamSequence`, then the
 * `final` message with citations, the AI label and the feedback loop. The stream's id is the id
 * Teams gives its first activity. When Teams refuses the stream at its first activity (streaming
 * not available), the final message is sent as a plain reply: the answer is never lost. When Teams
 * stops a stream it had accepted (403 when the user presses Stop, or its two-minute limit), the
 * answer stops there: the model call is abandoned and nothing more is sent, as the user asked.
 */
import type { Activity } from 'botbuilder';
import type { Logger } from '../../core/ports.js';
import type { AskEvent } from '../../core/stream/ask-stream.js';
import { PacedText } from '../../core/stream/paced-text.js';
import type { AskResult } from '../../core/types.js';
import type { OutgoingMessage } from './outgoing.js';

/** Teams throttles bots per conversation; its own SDK sends a streaming update every 500 ms. */
export const UPDATE_EVERY_MS = 500;

export type SendActivity = (activity: Partial<Activity>) => Promise<{ id?: string } | undefined>;

export interface TeamsStreamRendering {
  /** The final message of an answer (text, citations, AI label, feedback). */
  final(result: AskResult): OutgoingMessage;
  /** What the user sees when answering fails (logs the error); the text so far is kept above it. */
  failure(error: unknown): OutgoingMessage;
  /** The text so far as shown while streaming (escaped like the final text). */
  progress(text: string): string;
  /**
   * Work to finish before the final message goes out (saving the conversation turn, linking the
   * stream's id to the answer for its feedback buttons); optional.
   */
  settle?(result: AskResult, streamId: string | undefined): Promise<void>;
}

export interface TeamsStreamOutcome {
  readonly result: AskResult | undefined;
  /** The ids the final message is known by (the stream's and the one it was sent as): feedback names one. */
  readonly messageIds: readonly string[];
  /** False when Teams refused the stream and the answer went out as a plain message. */
  readonly streamed: boolean;
  /** Teams stopped the stream (the user pressed Stop): no result and no final message. */
  readonly stopped?: boolean;
}

type StreamType = 'informative' | 'streaming' | 'final';

export async function streamReply(
  send: SendActivity,
  events: AsyncIterable<AskEvent>,
  rendering: TeamsStreamRendering,
  logger: Logger,
  pacing: { updateEveryMs?: number } = {},
): Promise<TeamsStreamOutcome> {
  let streamId: string | undefined;
  let sequence = 0;
  let refused = false;
  let stopped = false;
  let text = '';

  const streamInfo = (streamType: StreamType) => ({
    type: 'streaminfo',
    streamType,
    ...(streamId ? { streamId } : {}),
    ...(streamType === 'final' ? {} : { streamSequence: ++sequence }),
  });
  /** Sends one typing update of the stream; false once Teams has refused or stopped it. */
  const update = async (streamType: 'informative' | 'streaming', body: string): Promise<boolean> => {
    if (refused) return false;
    try {
      const sent = await send({
        type: 'typing',
        text: body,
        entities: [streamInfo(streamType)],
      });
      streamId ??= sent?.id;
      return true;
    } catch (error) {
      refused = true;
      if (streamId) {
        stopped = true;
        logger.info(
          { err: error },
          'teams: the stream was stopped (Stop pressed, or its time limit); answer abandoned',
        );
      } else {
        logger.info({ err: error }, 'teams: the stream was refused; the answer follows as one message');
      }
      return false;
    }
  };

  const pacer = new PacedText(
    () => update('streaming', rendering.progress(text)),
    pacing.updateEveryMs ?? UPDATE_EVERY_MS,
  );
  let result: AskResult | undefined;
  let failure: unknown;
  try {
    for await (const event of events) {
      // Leaving the loop ends the ask, and with it the model call.
      if (stopped) break;
      if (event.type === 'status') {
        if (!text) await update('informative', event.text);
      } else if (event.type === 'delta') {
        text += event.text;
        pacer.add(event.text);
      } else {
        result = event.result;
      }
    }
  } catch (error) {
    failure = error;
  }
  await pacer.close();
  if (stopped) return { result: undefined, messageIds: streamId ? [streamId] : [], streamed: true, stopped };

  let message: OutgoingMessage;
  if (result) {
    await rendering.settle?.(result, streamId && !refused ? streamId : undefined);
    message = rendering.final(result);
  } else {
    const notice = rendering.failure(failure);
    message = text ? { ...notice, text: `${rendering.progress(text)}\n\n${notice.text ?? ''}` } : notice;
  }
  const streamed = !!streamId && !refused;
  const sent = await send({
    ...message,
    ...(streamed ? { entities: [...(message.entities ?? []), streamInfo('final')] } : {}),
  } as Partial<Activity>);
  const messageIds = [...new Set([streamed ? streamId : undefined, sent?.id].filter((id) => !!id))] as string[];
  return { result, messageIds, streamed };
}
