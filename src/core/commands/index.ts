/** The command layer: what every channel imports from the core. */

export { answerIdSchema } from '../answer-id.js';
export { type OutlinePart, reportCsv, reportOutline } from '../report/outline.js';
export { askView } from './ask-view.js';
export { httpUrl } from './citation-url.js';
export { CommandDispatcher, type DispatcherDeps } from './dispatcher.js';
export { errorReply } from './error-reply.js';
export {
  citationLabel,
  coverageNotice,
  markers,
  NOT_COVERED_CELL,
  NOT_COVERED_MESSAGE,
  reindexProgressText,
  reindexSummary,
  suggestionLead,
} from './labels.js';
export { type ParsedText, parseCommandText } from './parse.js';
export { type Command, type CommandName, HELP } from './registry.js';
export * from './reply.js';
export { DEFAULT_REPORT_DAYS, MAX_REPORT_DAYS, reportDays } from './report.js';
export { ShownFailure } from './shown-failure.js';
export type { Caller } from './spec.js';
