/** Reads the sources' import lines, for the tests that check dependency directions and package.json. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return filesUnder(full);
    return /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

/** Module specifiers of a file's imports and re-exports, static and dynamic; `valuesOnly` skips `import type`. */
export function importsOf(file: string, options: { valuesOnly?: boolean } = {}): string[] {
  const text = readFileSync(file, 'utf8');
  const statics = [...text.matchAll(/^\s*(?:import|export)(\s+type\s)?[^'"]*?from\s+['"]([^'"]+)['"]/gm)]
    .filter((m) => !(options.valuesOnly && m[1]))
    .map((m) => m[2] as string);
  const dynamics = [...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] as string);
  return [...statics, ...dynamics];
}
