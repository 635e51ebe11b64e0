/** Prompt templates of the comparison (prompts/compare-*.md), loaded at start and passed in as strings. */
export interface ComparePrompts {
  /** System prompt: rules and the JSON shape. */
  readonly compareSystem: string;
  /** User message: {{models}}, {{dimensions}}, {{passages}}. */
  readonly compareUser: string;
}

export const COMPARE_PROMPT_FILES: Record<keyof ComparePrompts, string> = {
  compareSystem: 'compare-system.md',
  compareUser: 'compare-user.md',
};
