import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * The Bot Connector client serializes `activity.entities` with the `Entity` model mapper, which
 * declares only type, text and mentioned: every other field is dropped on the way out, which
 * would strip Teams' citation entities ("@type", "citation", "additionalType") from our replies.
 * Allowing additional properties on that mapper sends entities as they are, as the Activity
 * schema intends (entities are open JSON-LD objects).
 */
export function keepEntityProperties(): void {
  const mappers = require('botframework-connector/lib/connectorApi/models/mappers.js') as {
    Entity?: { type: { additionalProperties?: unknown } };
  };
  if (!mappers.Entity)
    throw new Error('botframework-connector changed: the Entity mapper is gone (see entity-serialization.ts)');
  mappers.Entity.type.additionalProperties ??= { type: { name: 'Object' } };
}
