/** The Microsoft Teams channel. Every botbuilder import stays in this folder. */
export { type TeamsCredentials, type TeamsRouterDeps, teamsRouter } from './teams-router.js';
