/**
 * The Teams app package: the manifest template in teams/ filled with the app id, checked against
 * the rules of the Teams manifest schema v1.25 (required fields, lengths, command limits, prompt starters), and
 * zipped with its two icons.
 */
import { readFileSync } from 'node:fs';
import AdmZip from 'adm-zip';
import { z } from 'zod';
import { pngInfo } from './png.js';

export const TEAMS_DIR = new URL('../../teams/', import.meta.url);
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const SCOPE = z.enum(['personal', 'team', 'groupChat']);
const https = z.url({ protocol: /^https$/, error: 'must be an https URL' }).max(2048);

export const manifestSchema = z.strictObject({
  $schema: z.url(),
  manifestVersion: z.literal('1.25'),
  version: z.string().regex(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/, 'must be a version like 1.0.0'),
  id: z.string().regex(GUID, 'must be a GUID (the Azure Bot app id)'),
  developer: z.strictObject({
    name: z.string().min(1).max(32),
    websiteUrl: https,
    privacyUrl: https,
    termsOfUseUrl: https,
    mpnId: z.string().max(10).optional(),
  }),
  icons: z.strictObject({ color: z.string().min(1).max(2048), outline: z.string().min(1).max(2048) }),
  name: z.strictObject({ short: z.string().min(1).max(30), full: z.string().min(1).max(100).optional() }),
  description: z.strictObject({ short: z.string().min(1).max(80), full: z.string().min(1).max(4000) }),
  accentColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #2E5AAC'),
  bots: z
    .array(
      z.strictObject({
        botId: z.string().regex(GUID, 'must be a GUID (the Azure Bot app id)'),
        scopes: z.array(SCOPE).min(1).max(3),
        supportsFiles: z.boolean().optional(),
        isNotificationOnly: z.boolean().optional(),
        commandLists: z
          .array(
            z.strictObject({
              scopes: z.array(SCOPE).min(1).max(3),
              commands: z
                .array(
                  z
                    .strictObject({
                      title: z.string().min(1).max(128),
                      description: z.string().min(1).max(128),
                      /** `prompt`: a prompt starter; Teams puts `prompt` in the compose box. */
                      type: z.enum(['basic', 'prompt']).optional(),
                      prompt: z.string().min(1).max(4000).optional(),
                    })
                    .refine((c) => c.type !== 'prompt' || !!c.prompt, 'a prompt starter needs its prompt text'),
                )
                .min(1)
                .max(12, 'a command list holds at most 12 commands'),
            }),
          )
          .max(3)
          .optional()
          .refine(
            (lists) => {
              const scopes = (lists ?? []).flatMap((l) => l.scopes);
              return new Set(scopes).size === scopes.length;
            },
            { message: 'each scope belongs to one command list' },
          ),
      }),
    )
    .max(1),
  permissions: z.array(z.enum(['identity', 'messageTeamMembers'])).optional(),
  validDomains: z.array(z.string().max(2048)).max(16).optional(),
});

export type TeamsManifest = z.infer<typeof manifestSchema>;

/** Problems of a manifest, one line each; empty when it is valid. */
export function manifestProblems(manifest: unknown): string[] {
  const parsed = manifestSchema.safeParse(manifest);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || '(manifest)'}: ${i.message}`);
}

/** The template with its placeholders filled; throws with every problem listed when it is invalid. */
export function buildManifest(input: { appId: string; version: string; template?: string }): TeamsManifest {
  const template = input.template ?? readFileSync(new URL('manifest.json', TEAMS_DIR), 'utf8');
  const filled = template.replaceAll('{{MICROSOFT_APP_ID}}', input.appId).replaceAll('{{VERSION}}', input.version);
  const left = filled.match(/\{\{\w+\}\}/g);
  if (left)
    throw new Error(`teams/manifest.json has placeholders this script does not fill: ${[...new Set(left)].join(', ')}`);
  const manifest: unknown = JSON.parse(filled);
  const problems = manifestProblems(manifest);
  if (problems.length > 0) throw new Error(`The Teams manifest is invalid:\n  - ${problems.join('\n  - ')}`);
  return manifest as TeamsManifest;
}

const ICON_SIZES = { color: 192, outline: 32 } as const;

/** The installable zip: manifest.json and the two icons at the root, as Teams expects. */
export function buildPackage(manifest: TeamsManifest): Buffer {
  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
  for (const kind of ['color', 'outline'] as const) {
    const file = manifest.icons[kind];
    const png = readFileSync(new URL(file, TEAMS_DIR));
    const { width, height } = pngInfo(png);
    const size = ICON_SIZES[kind];
    if (width !== size || height !== size)
      throw new Error(`teams/${file} is ${width}x${height}; the ${kind} icon must be ${size}x${size} pixels.`);
    zip.addFile(file, png);
  }
  return zip.toBuffer();
}
