/** Markdown inline syntax to plain text: the words stay, the markers go. */
export function stripInlineMarkdown(line: string): string {
  return (
    line
      // Images and links keep their text: ![alt](u) -> alt, [text](u) -> text, [text][ref] -> text.
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
      // Autolinks: <https://example.com> -> https://example.com.
      .replace(/<(https?:\/\/[^>\s]+)>/g, '$1')
      // Emphasis: **x**, __x__, *x*, _x_ (not inside words, so snake_case and 2 * 3 survive).
      .replace(/\*\*(?=\S)(.+?)(?<=\S)\*\*/g, '$1')
      .replace(/(?<![\w_])__(?=\S)(.+?)(?<=\S)__(?![\w_])/g, '$1')
      .replace(/(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])/g, '$1')
      .replace(/(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])/g, '$1')
      .replace(/`([^`]+)`/g, '$1')
      // Backslash escapes: \* -> *.
      .replace(/\\([\\`*_{}[\]()#+\-.!])/g, '$1')
      .replace(/\s+/g, ' ')
      .trim()
  );
}
