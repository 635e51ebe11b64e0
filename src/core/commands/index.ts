/** The command layer: what every channel imports from the core. */

export { askView } from './ask-view.js';
export { CommandDispatcher, type DispatcherDeps } from './dispatcher.js';
export { errorReply } from './error-reply.js';
export { citationLabel, markers, NOT_COVERED_CELL, NOT_COVERED_MESSAGE, reindexSummary } from './labels.js';
export { type ParsedText, parseCommandText } from './parse.js';
export { type Command, type CommandName, HELP } from './registry.js';
export * from './reply.js';
export type { Caller } from './spec.js';
