import { type Activity, CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { AppError } from '../../core/errors.js';
import { checkChannelAndTenant, checkEmulatorOrigin } from './access.js';
import { activityProblem } from './activity-shape.js';
import { type Authenticated, authenticate } from './authenticate.js';
import { keepEntityProperties } from './entity-serialization.js';
import { TeamsBot, type TeamsBotDeps } from './teams-bot.js';

export interface TeamsCredentials {
  /** Unset: local emulator mode, which accepts unauthenticated activities from this machine only. */
  readonly appId: string | undefined;
  readonly appPassword: string | undefined;
  readonly tenantId: string | undefined;
  readonly appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  /** Tenants whose activities are accepted; undefined: any tenant. */
  readonly allowedTenantIds: readonly string[] | undefined;
}

export interface TeamsRouterDeps extends Omit<TeamsBotDeps, 'emulator'> {
  readonly credentials: TeamsCredentials;
  /**
   * More ConfigurationBotFrameworkAuthentication settings (tests: the public cloud's, with the channel's
   * OpenID metadata on 127.0.0.1). The SDK takes all its endpoints from here once one is given.
   */
  readonly authSettings?: Readonly<Record<string, string | boolean>> | undefined;
}

/** A CloudAdapter that runs a turn the router has already authenticated, so that the router words every refusal. */
class AuthenticatedCloudAdapter extends CloudAdapter {
  run(auth: Authenticated, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(auth, activity, logic);
  }
}

/** The Bot Framework's CloudAdapter and the authentication that checks the Connector's JWT (when an app id is set). */
export function createTeamsAdapter(
  credentials: TeamsCredentials,
  logger: TeamsBotDeps['logger'],
  authSettings: TeamsRouterDeps['authSettings'] = {},
): { adapter: AuthenticatedCloudAdapter; auth: ConfigurationBotFrameworkAuthentication } {
  keepEntityProperties();
  const auth = new ConfigurationBotFrameworkAuthentication(
    credentials.appId
      ? {
          MicrosoftAppId: credentials.appId,
          MicrosoftAppPassword: credentials.appPassword,
          MicrosoftAppTenantId: credentials.tenantId,
          MicrosoftAppType: credentials.appType,
          ...authSettings,
        }
      : {},
  );
  const adapter = new AuthenticatedCloudAdapter(auth);
  adapter.onTurnError = async (_context, error) => {
    // The bot turns errors into messages itself; reaching here means a reply could not be sent.
    logger.error({ err: error }, 'teams: turn failed');
  };
  return { adapter, auth };
}

/** POST /api/messages: the Bot Framework messaging endpoint of the Teams bot. */
export function teamsRouter(deps: TeamsRouterDeps): Router {
  const { adapter, auth } = createTeamsAdapter(deps.credentials, deps.logger, deps.authSettings);
  const access = { emulator: !deps.credentials.appId, allowedTenantIds: deps.credentials.allowedTenantIds };
  const bot = new TeamsBot({ ...deps, emulator: access.emulator });
  const router = express.Router();
  router.use(express.json({ limit: '256kb' }));
  router.post('/', async (req: Request, res: Response) => {
    const problem = activityProblem(req.body);
    if (problem) throw new AppError('bad_input', problem);
    const activity = req.body as Activity;
    checkEmulatorOrigin(access, req, activity);
    const authenticated = await authenticate(auth, activity, req.headers.authorization ?? '');
    checkChannelAndTenant(access, activity);
    const result = await adapter.run(authenticated, activity, (context) => bot.onTurn(context));
    res.status(result?.status ?? 200);
    if (result?.body === undefined) res.end();
    else res.json(result.body);
  });
  router.all('/', (req: Request) => {
    throw new AppError(
      'method_not_allowed',
      `Use POST to send activities to ${req.baseUrl}; ${req.method} is not supported.`,
    );
  });
  router.use((err: unknown, _req: Request, _res: Response, next: NextFunction) => {
    next(bodyError(err) ?? err);
  });
  return router;
}

/** Body-parser failures, worded for the Bot Framework (the shared handler's wording is for /api/ask). */
function bodyError(err: unknown): AppError | null {
  if (!err || typeof err !== 'object' || !('type' in err)) return null;
  const type = String((err as { type: unknown }).type);
  if (type === 'entity.parse.failed')
    return new AppError('bad_input', 'The request body is not valid JSON. Send a Bot Framework activity as JSON.', {
      cause: err,
    });
  if (type === 'entity.too.large')
    return new AppError('too_large', 'The activity is too large (limit 256 KB).', { cause: err });
  return null;
}
