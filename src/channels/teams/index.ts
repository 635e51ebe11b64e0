/** The Microsoft Teams channel. Every botbuilder import stays in this folder. */
export { COMMANDS } from './commands.js';
export { type TeamsCredentials, type TeamsRouterDeps, teamsRouter } from './teams-router.js';
