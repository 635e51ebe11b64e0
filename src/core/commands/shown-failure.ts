import type { ErrorReply } from './reply.js';

/**
 * Thrown by a channel's `Caller.streamAnswer` when answering failed after the channel had already
 * shown the failure (under the text so far): the dispatcher returns `reply` as it is, without
 * logging the error a second time, and the channel sends nothing more.
 */
export class ShownFailure extends Error {
  constructor(readonly reply: ErrorReply) {
    super(reply.message);
    this.name = 'ShownFailure';
  }
}
