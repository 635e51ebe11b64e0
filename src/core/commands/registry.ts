/**
 * Every command, by name. A new command is one file (its grammar, policy and work) plus one line
 * here; each channel then needs a renderer for any new reply kind.
 */
import { ask } from './ask.js';
import { compare } from './compare.js';
import { help } from './help.js';
import { models } from './models.js';
import { recommend } from './recommend.js';
import { reindex } from './reindex.js';
import type { CommandHelp } from './reply.js';
import { report } from './report.js';
import { sources } from './sources.js';
import type { CommandSpec } from './spec.js';

export const COMMANDS = { ask, compare, models, recommend, sources, reindex, report, help };

type Registry = typeof COMMANDS;
export type CommandName = keyof Registry;
export type ArgsOf<N extends CommandName> = Registry[N] extends CommandSpec<N, infer A> ? A : never;

/** A parsed command: its name and arguments, ready for the dispatcher. */
export type Command<N extends CommandName = CommandName> = {
  [K in N]: { readonly name: K; readonly args: ArgsOf<K> };
}[N];

export function commandSpec<N extends CommandName>(name: N): CommandSpec<N, ArgsOf<N>> {
  return COMMANDS[name] as CommandSpec<N, ArgsOf<N>>;
}

/** The commands as help lists them, in this order. */
export const HELP: readonly CommandHelp[] = Object.values(COMMANDS).map((spec) => ({
  name: spec.name,
  usage: spec.args ? `${spec.name} ${spec.args}` : spec.name,
  description: spec.description,
  adminOnly: spec.adminOnly,
}));
