import { createHash } from 'node:crypto';
import { ServiceUnavailableError, type StreamTokenView } from '@showfloor/contracts';
import agoraToken from 'agora-token';

// agora-token is CommonJS whose exports Node's ESM loader cannot name, hence the default import.
const { RtcRole, RtcTokenBuilder } = agoraToken;

/** Agora App IDs and certificates are 32 hex characters; the package silently returns '' for anything else. */
const agoraCredentialPattern = /^[0-9a-fA-F]{32}$/;

export type StreamRole = StreamTokenView['role'];

export interface AgoraTokenIssuerOptions {
  appId?: string | undefined;
  appCertificate?: string | undefined;
  ttlSeconds: number;
}

export interface IssuedStreamToken {
  token: string;
  uid: number;
  appId: string;
  expiresAt: Date;
  role: StreamRole;
}

/**
 * The publisher's Agora uid: a uint32 that stays the same for a user across tokens, so a refresh
 * keeps them the same participant in the channel. 0 means "let Agora pick" and is never used here.
 */
export function publisherUidFor(userId: string): number {
  return createHash('sha256').update(userId).digest().readUInt32BE(0) || 1;
}

/**
 * Builds Agora RTC tokens. Video never touches Showfloor: the token lets a browser publish to, or
 * watch, the channel named after the session directly on Agora's servers.
 *
 * Without credentials (or with malformed ones) it still constructs, so the API runs anywhere;
 * `unavailableReason` says why, and `issue` throws a 503 ServiceUnavailableError carrying it.
 */
export function createAgoraTokenIssuer({ appId, appCertificate, ttlSeconds }: AgoraTokenIssuerOptions) {
  const unavailableReason =
    !appId || !appCertificate
      ? 'no Agora credentials are configured on this server'
      : !agoraCredentialPattern.test(appId) || !agoraCredentialPattern.test(appCertificate)
        ? 'the Agora credentials configured on this server are malformed'
        : null;

  return {
    /** Why tokens cannot be issued, or null when they can. */
    unavailableReason,

    /** A subscriber always joins as uid 0 (Agora assigns one); a publisher needs `uid`. */
    issue(request: { channelName: string; role: StreamRole; uid: number }): IssuedStreamToken {
      if (unavailableReason !== null || !appId || !appCertificate) {
        throw new ServiceUnavailableError(`Stream tokens are unavailable: ${unavailableReason}`);
      }
      const uid = request.role === 'publisher' ? request.uid : 0;
      // The package stamps the token with the wall clock (no clock can be injected into it); reading
      // it first means the expiry we report is never later than the token's own.
      const issuedAtSeconds = Math.floor(Date.now() / 1000);
      const token = RtcTokenBuilder.buildTokenWithUid(
        appId,
        appCertificate,
        request.channelName,
        uid,
        request.role === 'publisher' ? RtcRole.PUBLISHER : RtcRole.SUBSCRIBER,
        ttlSeconds,
        ttlSeconds,
      );
      if (token === '') throw new ServiceUnavailableError('Stream tokens are unavailable: Agora refused the request');
      return {
        token,
        uid,
        appId,
        expiresAt: new Date((issuedAtSeconds + ttlSeconds) * 1000),
        role: request.role,
      };
    },
  };
}

export type AgoraTokenIssuer = ReturnType<typeof createAgoraTokenIssuer>;
