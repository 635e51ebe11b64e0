import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { AppError } from '../../core/errors.js';
import { activityProblem } from './activity-shape.js';
import { keepEntityProperties } from './entity-serialization.js';
import { TeamsBot, type TeamsBotDeps } from './teams-bot.js';

export interface TeamsCredentials {
  /** Unset: local emulator mode, which accepts unauthenticated activities (localhost only). */
  readonly appId: string | undefined;
  readonly appPassword: string | undefined;
  readonly tenantId: string | undefined;
  readonly appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
}

export interface TeamsRouterDeps extends TeamsBotDeps {
  readonly credentials: TeamsCredentials;
}

/** The Bot Framework's CloudAdapter: verifies the Connector's JWT (when an app id is set) and sends replies. */
export function createTeamsAdapter(credentials: TeamsCredentials, logger: TeamsBotDeps['logger']): CloudAdapter {
  keepEntityProperties();
  const auth = new ConfigurationBotFrameworkAuthentication(
    credentials.appId
      ? {
          MicrosoftAppId: credentials.appId,
          MicrosoftAppPassword: credentials.appPassword,
          MicrosoftAppTenantId: credentials.tenantId,
          MicrosoftAppType: credentials.appType,
        }
      : {},
  );
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (_context, error) => {
    // The bot turns errors into messages itself; reaching here means a reply could not be sent.
    logger.error({ err: error }, 'teams: turn failed');
  };
  return adapter;
}

/** POST /api/messages: the Bot Framework messaging endpoint of the Teams bot. */
export function teamsRouter(deps: TeamsRouterDeps): Router {
  const adapter = createTeamsAdapter(deps.credentials, deps.logger);
  const bot = new TeamsBot(deps);
  const router = express.Router();
  router.use(express.json({ limit: '256kb' }));
  router.post('/', async (req: Request, res: Response) => {
    const problem = activityProblem(req.body);
    if (problem) throw new AppError('bad_input', problem);
    await adapter.process(req, res, (context) => bot.onTurn(context));
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
