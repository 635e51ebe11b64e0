/**
 * The Slack channel: a Bolt app over HTTP (an ExpressReceiver whose router the advisor server
 * mounts at /slack, so requests arrive at POST /slack/events) or Socket Mode. Receivers only
 * verify and acknowledge; the listeners call the core and render Block Kit.
 */
import { App, ExpressReceiver, SocketModeReceiver, webApi } from '@slack/bolt';
import { Router as expressRouter, type NextFunction, type Request, type Response, type Router } from 'express';
import { AppError } from '../../core/errors.js';
import { boltLogger } from './bolt-logger.js';
import type { SlackDeps } from './deps.js';
import { registerActions } from './listeners/actions.js';
import { registerAssistant } from './listeners/assistant.js';
import { registerCommands } from './listeners/commands.js';
import { registerEvents } from './listeners/events.js';
import { dedupeEvents, ignoreBotsAndEdits } from './listeners/middleware.js';
import { StreamingRefusals } from './stream-answer.js';

export interface SlackChannel {
  /** HTTP mode: the router to mount at /slack (it serves POST /events). Absent in Socket Mode. */
  readonly router: Router | undefined;
  readonly app: App;
  /** Socket Mode: opens the connection. HTTP mode: nothing to do. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Bolt buffers the whole body before it checks the signature (up to 4 MB by default). Slack's
 * payloads are far smaller: a body above this is refused (413), and Bolt stops reading at it.
 */
const BODY_LIMIT_BYTES = 512 * 1024;

/**
 * Refuses before a byte of the body is read: a request without Slack's signature headers or with a
 * timestamp Bolt would refuse as older than five minutes (401), and one whose Content-Length is over
 * the limit (413; Bolt's reader counts the bytes, it does not look at the header).
 */
function refuseBeforeReading(req: Request, res: Response, next: NextFunction): void {
  const signature = req.headers['x-slack-signature'];
  const timestamp = Number(req.headers['x-slack-request-timestamp']);
  if (typeof signature !== 'string' || !signature.startsWith('v0=') || !(timestamp > Date.now() / 1000 - 300)) {
    res.status(401).end();
    return;
  }
  if (Number(req.headers['content-length']) > BODY_LIMIT_BYTES) {
    res.status(413).end();
    return;
  }
  next();
}

/** The Web API client wants the base with a trailing slash (".../api/"). */
export function normaliseApiUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const trimmed = url.replace(/\/+$/, '');
  return `${/\/api$/.test(trimmed) ? trimmed : `${trimmed}/api`}/`;
}

/** Asks Slack who the bot is. A refused token stops the start with a clear message. */
async function identify(deps: SlackDeps, slackApiUrl: string | undefined) {
  const client = new webApi.WebClient(deps.settings.botToken, {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    logger: boltLogger(deps.logger),
    retryConfig: { retries: 1 },
  });
  try {
    const auth = await client.auth.test();
    return { botUserId: auth.user_id, botId: auth.bot_id };
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    if (code === 'invalid_auth' || code === 'not_authed' || code === 'account_inactive' || code === 'token_revoked') {
      throw new AppError(
        'config_invalid',
        `Slack refused SLACK_BOT_TOKEN (${code}). Copy the Bot User OAuth Token (xoxb-...) from OAuth & Permissions of your Slack app and start again.`,
        { cause: error },
      );
    }
    // Slack unreachable at start: carry on; Bolt asks again on the first event.
    deps.logger.warn({ err: error }, 'could not reach Slack to identify the bot; will retry on the first event');
    return { botUserId: undefined, botId: undefined };
  }
}

export async function createSlackChannel(given: SlackDeps): Promise<SlackChannel> {
  const deps: SlackDeps = { ...given, streamingRefusals: given.streamingRefusals ?? new StreamingRefusals() };
  const { settings } = deps;
  const slackApiUrl = normaliseApiUrl(settings.apiUrl);
  const clientOptions = slackApiUrl ? { slackApiUrl } : {};
  const logger = boltLogger(deps.logger);
  const identity = await identify(deps, slackApiUrl);

  let receiver: ExpressReceiver | SocketModeReceiver;
  let router: Router | undefined;
  if (settings.socketMode) {
    if (!settings.appToken)
      throw new AppError('config_invalid', 'SLACK_APP_TOKEN is required when SLACK_SOCKET_MODE=true.');
    receiver = new SocketModeReceiver({ appToken: settings.appToken, logger, installerOptions: { clientOptions } });
  } else {
    if (!settings.signingSecret) {
      throw new AppError('config_invalid', 'SLACK_SIGNING_SECRET is required for Slack in HTTP mode.');
    }
    const signedOnly = expressRouter();
    signedOnly.post('/events', refuseBeforeReading);
    const express = new ExpressReceiver({
      signingSecret: settings.signingSecret,
      endpoints: '/events',
      router: signedOnly,
      logger,
      // Events are acknowledged before the listeners run; slow work goes to background tasks.
      processBeforeResponse: false,
      bodyLimit: BODY_LIMIT_BYTES,
    });
    receiver = express;
    router = express.router as Router;
  }

  const app = new App({
    token: settings.botToken,
    ...(identity.botId && identity.botUserId ? { botId: identity.botId, botUserId: identity.botUserId } : {}),
    receiver,
    logger,
    clientOptions: { ...clientOptions, retryConfig: { retries: 2 } },
    tokenVerificationEnabled: false,
    convoStore: false,
    ignoreSelf: true,
  });
  app.error(async (error) => {
    deps.logger.error({ err: error, code: error.code }, 'slack listener failed');
  });

  app.use(ignoreBotsAndEdits());
  app.use(dedupeEvents(deps));
  registerAssistant(app, deps);
  registerEvents(app, deps);
  registerCommands(app, deps);
  registerActions(app, deps);

  return {
    router,
    app,
    start: async () => {
      if (!settings.socketMode) return;
      try {
        await app.start();
      } catch (error) {
        const code = (error as { data?: { error?: string } }).data?.error;
        throw new AppError(
          'config_invalid',
          code === 'invalid_auth' || code === 'not_authed' || code === 'not_allowed_token_type'
            ? `Slack refused SLACK_APP_TOKEN (${code}). Generate an app-level token (xapp-...) with the connections:write scope under Basic Information › App-Level Tokens, and start again.`
            : `Could not open the Slack Socket Mode connection: ${error instanceof Error ? error.message : String(error)}. Check the network and SLACK_APP_TOKEN.`,
          { cause: error },
        );
      }
    },
    stop: async () => {
      if (settings.socketMode) await app.stop();
    },
  };
}
