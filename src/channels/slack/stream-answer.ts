/**
 * Streams an answer into a Slack thread as the model writes it: `client.chatStream` (chat.startStream,
 * chat.appendStream, chat.stopStream), with the sources and feedback blocks attached when it stops.
 * Appends are paced (at most one call in flight, at least `appendEveryMs` apart; the Web API client
 * waits out a 429's Retry-After and the text meanwhile goes out with the next call). When Slack
 * refuses streaming (an API error, an older workspace) the answer is posted and then updated
 * instead, and so are the channel's next answers for a while (StreamingRefusals); whatever happens, the user ends with the whole answer or a notice, never half a message.
 */
import type { types, webApi } from '@slack/bolt';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../../core/ports.js';
import type { AskEvent } from '../../core/stream/ask-stream.js';
import { PacedText } from '../../core/stream/paced-text.js';
import type { AskResult } from '../../core/types.js';
import { MARKDOWN_LIMIT, type SlackMessage } from './blocks.js';
import { liveSlackMarkdown, toSlackMarkdown } from './markdown.js';
import { truncate } from './mrkdwn.js';

/** Slack's chat streaming methods are rate-limited per message; four calls a second stay well inside. */
export const APPEND_EVERY_MS = 250;
/** chat.update (Tier 3, about 50 a minute) when streaming is refused. */
export const UPDATE_EVERY_MS = 1200;

/**
 * Channels where Slack refused to stream (it answered the start with an error, as a workspace without
 * AI app streaming does), remembered for a while: later answers there are posted and updated at once
 * instead of paying a failed call each. Network errors and rate limits are not refusals.
 */
export class StreamingRefusals {
  private readonly channels: LRUCache<string, true>;

  constructor(rememberMs = 15 * 60_000) {
    this.channels = new LRUCache({ max: 10_000, ttl: rememberMs });
  }

  has(channel: string): boolean {
    return this.channels.has(channel);
  }

  noteFailedStart(channel: string, error: unknown): void {
    // @slack/web-api's code for "Slack answered ok: false".
    if ((error as { code?: unknown } | null)?.code === 'slack_webapi_platform_error') this.channels.set(channel, true);
  }
}

export interface StreamTarget {
  readonly channel: string;
  /** Streamed messages are always replies in a thread. */
  readonly threadTs: string;
  /** Who the stream is for; Slack requires it outside direct messages. */
  readonly recipient?: { readonly userId: string; readonly teamId: string } | undefined;
}

export interface StreamRendering {
  /** Blocks attached under the streamed text when it stops: notices, sources, feedback. */
  tail(result: AskResult): types.KnownBlock[];
  /** The whole answer as one message (post-then-update, or an answer revised at the end). */
  whole(result: AskResult): SlackMessage;
  /** What the user sees when answering fails; logs the error. */
  failure(error: unknown): SlackMessage;
}

export interface StreamOutcome {
  /** The answer, unless answering failed. */
  readonly result: AskResult | undefined;
  /** Why answering failed (the failure is shown under the text so far). */
  readonly error?: unknown;
  /** The message that carries it. */
  readonly ts: string | undefined;
  /** How it reached Slack. */
  readonly via: 'stream' | 'post';
}

type Mode = 'idle' | 'stream' | 'post' | 'broken';

export async function streamAnswer(
  client: webApi.WebClient,
  target: StreamTarget,
  events: AsyncIterable<AskEvent>,
  rendering: StreamRendering,
  logger: Logger,
  options: { appendEveryMs?: number; updateEveryMs?: number; refusals?: StreamingRefusals } = {},
): Promise<StreamOutcome> {
  const refusedBefore = options.refusals?.has(target.channel) ?? false;
  const thread = { channel: target.channel, thread_ts: target.threadTs };
  const streamer = client.chatStream({
    ...thread,
    ...(target.recipient
      ? { recipient_user_id: target.recipient.userId, recipient_team_id: target.recipient.teamId }
      : {}),
    // Our own pacing decides when to call; the streamer must send every append at once.
    buffer_size: 1,
  });
  // Changed by the deliveries (closures): typed wide so that checks after the loop are not narrowed away.
  let mode = 'idle' as Mode;
  let ts: string | undefined;
  let delivered = '';
  const live = liveSlackMarkdown();

  const post = async (message: SlackMessage) => {
    if (ts) {
      await client.chat.update({ channel: target.channel, ts, text: message.text, blocks: message.blocks });
    } else {
      ts = (await client.chat.postMessage({ ...thread, ...message, unfurl_links: false, unfurl_media: false })).ts;
    }
  };
  /** The answer so far as one message (post-then-update): the same escaped markdown a stream shows. */
  const progress = (): SlackMessage => ({
    text: truncate(live.text, 2900),
    blocks: [{ type: 'markdown', text: truncate(live.text, MARKDOWN_LIMIT) }],
  });

  const deliver = async (batch: string): Promise<boolean> => {
    if (mode === 'idle' && refusedBefore) mode = 'post';
    if (mode === 'idle' || mode === 'stream') {
      try {
        await streamer.append({ markdown_text: batch });
        mode = 'stream';
        ts = streamer.ts;
        delivered += batch;
        return true;
      } catch (error) {
        if (mode === 'stream') {
          // The streamer keeps a batch it could not send and sends it with the stop.
          delivered += batch;
          logger.warn(
            { err: error, channel: target.channel },
            'slack: appending to the stream failed; finishing it at the end',
          );
          mode = 'broken';
          return false;
        }
        logger.info({ err: error, channel: target.channel }, 'slack: streaming refused; posting and updating instead');
        options.refusals?.noteFailedStart(target.channel, error);
        mode = 'post';
      }
    }
    try {
      await post(progress());
      return true;
    } catch (error) {
      logger.warn({ err: error, channel: target.channel }, 'slack: could not show the answer in progress');
      return false;
    }
  };

  const appendEvery = options.appendEveryMs ?? APPEND_EVERY_MS;
  const updateEvery = options.updateEveryMs ?? UPDATE_EVERY_MS;
  // Updates are costlier than appends: the pace slows once streaming is known to be refused.
  const pacer = new PacedText(deliver, () => (mode === 'post' ? updateEvery : appendEvery));
  let result: AskResult | undefined;
  let revised = false;
  let failed: unknown;
  try {
    for await (const event of events) {
      // Status events are not shown here: the caller's working indicator covers the wait.
      if (event.type === 'delta') {
        pacer.add(live.push(event.text));
      } else if (event.type === 'done') {
        result = event.result;
        revised = event.revised;
      }
    }
  } catch (error) {
    failed = error;
  }
  await pacer.close();
  const via = mode === 'stream' || mode === 'broken' ? 'stream' : 'post';

  if (!result) {
    // Nothing shown yet: the caller says what went wrong, in its own words.
    if (mode === 'idle') throw failed;
    const notice = rendering.failure(failed);
    // The text so far stays, with the notice under it.
    const shown = mode === 'post' && live.text ? [...progress().blocks, ...notice.blocks] : notice.blocks;
    await finish(notice.blocks, { text: notice.text, blocks: shown }, live.text.slice(delivered.length));
    return { result: undefined, error: failed, ts, via };
  }
  const whole = rendering.whole(result);
  const final = toSlackMarkdown(result.answer);
  if (mode === 'stream' && !revised && final.startsWith(delivered)) {
    await finish(rendering.tail(result), whole, final.slice(delivered.length));
  } else {
    // The text shown so far is not the answer's beginning (or was never streamed): show the whole answer.
    await finish([], whole);
  }
  return { result, ts, via };

  /** Ends the message with `blocks` (and `rest` of the text) or, when that fails, as `whole`. */
  async function finish(blocks: types.KnownBlock[], whole: SlackMessage, rest = ''): Promise<void> {
    if (mode === 'stream' || mode === 'broken') {
      try {
        await streamer.stop({ ...(rest ? { markdown_text: rest } : {}), blocks });
        if (blocks.length > 0 || rest) return;
      } catch (error) {
        logger.warn({ err: error, channel: target.channel }, 'slack: could not stop the stream; updating the message');
      }
    }
    try {
      await post(whole);
    } catch (error) {
      if (!ts) throw error;
      // The streamed message cannot be changed: the whole answer goes in a new one.
      logger.warn({ err: error, channel: target.channel }, 'slack: could not update the answer; posting it again');
      ts = undefined;
      await post(whole);
    }
  }
}
