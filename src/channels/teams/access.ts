import type { Activity } from 'botbuilder';
import type { Request } from 'express';
import { isLoopbackHost } from '../../config/loopback.js';
import { AppError } from '../../core/errors.js';

export interface TeamsAccess {
  /** No app id: activities are unsigned, so they are taken only from this machine and replies go only there. */
  readonly emulator: boolean;
  /** Tenants whose activities are accepted; undefined: any tenant. */
  readonly allowedTenantIds: readonly string[] | undefined;
}

const refuse = (message: string) => new AppError('forbidden', message);

/**
 * Emulator mode, before anything else: the caller (after trusted loopback proxies) and the
 * serviceUrl the bot would POST its replies to must both be on this machine.
 */
export function checkEmulatorOrigin(access: TeamsAccess, req: Request, activity: Activity): void {
  if (!access.emulator) return;
  const peers = [req.socket.remoteAddress ?? '', req.ip ?? ''];
  if (!peers.every(isLoopbackHost)) {
    throw refuse(
      'Teams emulator mode (no MICROSOFT_APP_ID) accepts activities only from this machine. Set MICROSOFT_APP_ID to receive activities from the Bot Connector.',
    );
  }
  if (!isLoopbackHost(new URL(activity.serviceUrl).hostname)) {
    throw refuse(
      'In Teams emulator mode (no MICROSOFT_APP_ID) the bot replies only to a serviceUrl on this machine (http://127.0.0.1:<port>/).',
    );
  }
}

/** After authentication: only Teams (and the emulator in emulator mode), only allowed tenants. */
export function checkChannelAndTenant(access: TeamsAccess, activity: Activity): void {
  const channels = access.emulator ? ['msteams', 'emulator'] : ['msteams'];
  if (!channels.includes(activity.channelId)) {
    throw refuse(
      `This bot accepts only Microsoft Teams activities (channelId ${channels.map((c) => `"${c}"`).join(' or ')}).`,
    );
  }
  if (!access.allowedTenantIds) return;
  const fromChannelData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const fromConversation = activity.conversation?.tenantId;
  const tenants = [fromChannelData, fromConversation].filter((t) => t !== undefined);
  const tenant = tenants[0];
  if (typeof tenant !== 'string' || tenants.some((t) => t !== tenant) || !access.allowedTenantIds.includes(tenant)) {
    throw refuse(
      "This bot serves only its organisation's Microsoft 365 tenant. Ask its administrators to add yours to TEAMS_ALLOWED_TENANT_IDS.",
    );
  }
}
