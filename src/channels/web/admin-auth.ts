import { requireBearer } from '../../server/bearer-auth.js';

/** Admin endpoints need `Authorization: Bearer $ADMIN_TOKEN`; without a configured token they are disabled (403). */
export function requireAdmin(adminToken: string | undefined) {
  return requireBearer(adminToken, {
    disabled: 'Admin endpoints are disabled: set ADMIN_TOKEN on the server to enable them.',
    wrong: 'Missing or wrong admin token. Send Authorization: Bearer <ADMIN_TOKEN>.',
  });
}
