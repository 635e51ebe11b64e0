import { BrokenCircuitError, ConsecutiveBreaker, circuitBreaker, handleWhen } from 'cockatiel';
import { AppError, isAppError } from '../../core/errors.js';
import type { ChatModel } from '../../core/ports.js';

/**
 * Fails fast while the chat endpoint is down: after `failures` failed calls in a row, calls fail at
 * once with llm_unavailable for `cooldownMs` (the advisor answers extractively with its notice, instead
 * of every question waiting out the timeouts and retries); then one call tries the endpoint again.
 * A stream counts as a call up to its first piece: that is where an endpoint that is down fails.
 */
export function withCircuitBreaker(model: ChatModel, options: { failures: number; cooldownMs: number }): ChatModel {
  // A call its caller aborted (the client left) says nothing about the endpoint.
  const abandoned = new WeakSet<object>();
  const breaker = circuitBreaker(
    handleWhen((error) => isAppError(error, 'llm_unavailable') && !abandoned.has(error)),
    { halfOpenAfter: options.cooldownMs, breaker: new ConsecutiveBreaker(options.failures) },
  );

  async function guarded<T>(call: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    try {
      return await breaker.execute(async () => {
        try {
          return await call();
        } catch (error) {
          if (signal?.aborted && typeof error === 'object' && error !== null) abandoned.add(error);
          throw error;
        }
      });
    } catch (error) {
      if (!(error instanceof BrokenCircuitError)) throw error;
      throw new AppError(
        'llm_unavailable',
        `The chat model failed ${options.failures} times in a row; it is not called for ${Math.round(options.cooldownMs / 1000)} s.`,
        { cause: error },
      );
    }
  }

  const guardedModel: ChatModel = {
    get model() {
      return model.model;
    },
    complete: (messages, callOptions = {}) => guarded(() => model.complete(messages, callOptions), callOptions.signal),
  };
  const stream = model.stream?.bind(model);
  if (!stream) return guardedModel;
  return {
    ...guardedModel,
    get model() {
      return model.model;
    },
    async *stream(messages, callOptions = {}) {
      const pieces = stream(messages, callOptions)[Symbol.asyncIterator]();
      const first = await guarded(() => pieces.next(), callOptions.signal);
      if (first.done) return;
      yield first.value;
      // yield* passes an early return on to the model's stream, so it closes its connection.
      yield* { [Symbol.asyncIterator]: () => pieces };
    },
  };
}
