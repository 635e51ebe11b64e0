/** Prompt templates, loaded from prompts/ at start and passed to the core as plain strings. */
export interface Prompts {
  /** System prompt for grounded answers. */
  readonly answerSystem: string;
  /** User message: {{question}}, {{history}}, {{passages}}. */
  readonly answerUser: string;
  /** Turns a follow-up into a standalone search query: {{history}}, {{question}}. */
  readonly rewriteQuery: string;
}

/** Replaces {{name}} placeholders; an unknown placeholder is left visible so a broken template is noticed. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, name: string) => values[name] ?? match);
}
