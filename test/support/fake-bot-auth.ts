import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The Bot Connector's token side on 127.0.0.1: an OpenID metadata document and its signing keys
 * (what https://login.botframework.com publishes), and tokens signed with those keys, so that
 * signed activities reach /api/messages exactly as Teams sends them.
 */
export interface FakeBotAuth {
  /** For ToBotFromChannelOpenIdMetadataUrl. */
  readonly metadataUrl: string;
  /** `ok`: serves the keys; `error`: the metadata answers 500; `unreachable`: the keys URL refuses connections. */
  mode: 'ok' | 'error' | 'unreachable';
  /** An `Authorization` header value for an activity to `appId` with this `serviceUrl`. */
  authorization(claims: { appId: string; serviceUrl: string }, options?: { forged?: boolean }): string;
  close(): Promise<void>;
}

const ISSUER = 'https://api.botframework.com';

/**
 * The public cloud's Bot Framework endpoints (botframework-connector's AuthenticationConstants) with
 * the channel's OpenID metadata replaced: the SDK takes every endpoint from its settings once one is set.
 */
export function publicCloudWith(metadataUrl: string): Record<string, string | boolean> {
  return {
    ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
    ToChannelFromBotOAuthScope: 'https://api.botframework.com',
    ToBotFromChannelTokenIssuer: ISSUER,
    OAuthUrl: 'https://api.botframework.com',
    ToBotFromChannelOpenIdMetadataUrl: metadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl:
      'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
    CallerId: 'urn:botframework:azure',
    ValidateAuthority: true,
  };
}

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

function keyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { jwk: publicKey.export({ format: 'jwk' }), privateKey };
}

export async function startFakeBotAuth(): Promise<FakeBotAuth> {
  const kid = randomUUID();
  const signing = keyPair();
  const other = keyPair();
  let base = '';
  const fake: FakeBotAuth = {
    metadataUrl: '',
    mode: 'ok',
    authorization({ appId, serviceUrl }, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
      const payload = base64url(
        JSON.stringify({ iss: ISSUER, aud: appId, serviceurl: serviceUrl, nbf: now - 60, iat: now, exp: now + 3600 }),
      );
      const signer = createSign('RSA-SHA256');
      signer.update(`${header}.${payload}`);
      const key = options.forged ? other.privateKey : signing.privateKey;
      return `Bearer ${header}.${payload}.${base64url(signer.sign(key))}`;
    },
    close: async () => {},
  };
  const server = createServer((req, res) => {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (fake.mode === 'error') return json(500, { error: 'metadata unavailable' });
    if (req.url === '/.well-known/openidconfiguration') {
      const jwks = fake.mode === 'unreachable' ? 'http://127.0.0.1:1/keys' : `${base}/keys`;
      return json(200, { issuer: ISSUER, jwks_uri: jwks, id_token_signing_alg_values_supported: ['RS256'] });
    }
    if (req.url === '/keys') return json(200, { keys: [{ ...signing.jwk, kid, use: 'sig' }] });
    return json(404, {});
  });
  server.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(fake, {
    metadataUrl: `${base}/.well-known/openidconfiguration`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
