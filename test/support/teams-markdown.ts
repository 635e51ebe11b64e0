/**
 * What a Teams client shows for Markdown the bot sent, as far as the tests need it: CommonMark
 * backslash escapes resolved and invisible word joiners dropped. Links stay in `[label](url)` form.
 */
export function shownText(markdown: string): string {
  return markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1').replaceAll('\u2060', '');
}

/** The links a CommonMark renderer would make of the text: `[label](url)` not preceded by a backslash. */
export function linksIn(markdown: string): string[] {
  return [...markdown.matchAll(/(?<!\\)\[((?:\\.|[^\]\\])*)\]\(([^)\s]*)\)/g)].map((m) => m[2] as string);
}
