import { UnreadableFileError } from './unreadable-file.js';

/** The text of a .md or .txt file (BOM stripped, LF line endings); throws when it is not UTF-8 text. */
export function decodeTextFile(bytes: Uint8Array): string {
  if (bytes.includes(0)) throw new UnreadableFileError('it is a binary file (it contains NUL bytes), not text');
  let text: string;
  try {
    // fatal: reject Latin-1 and other encodings instead of indexing replacement characters; drops a BOM.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new UnreadableFileError('it is not valid UTF-8 text; save it with UTF-8 encoding', { cause: error });
  }
  text = text.replace(/\r\n?/g, '\n');
  if (text.trim() === '') throw new UnreadableFileError('it is empty');
  return text;
}
