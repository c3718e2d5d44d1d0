import type { VisitorDevice } from '@showfloor/contracts';
import { isbot } from 'isbot';
import QuickLRU from 'quick-lru';
import { UAParser } from 'ua-parser-js';

export interface UserAgentDetails {
  bot: boolean;
  device: VisitorDevice | null;
  browser: string | null;
  os: string | null;
}

/**
 * Device, browser and OS from a User-Agent (ua-parser-js 1, MIT — v2 is AGPL), and bots
 * (isbot). Visitors send the same few hundred User-Agents over and over, so answers are remembered.
 */
export function createUserAgentReader(maxRemembered = 5_000): (userAgent: string) => UserAgentDetails {
  const remembered = new QuickLRU<string, UserAgentDetails>({ maxSize: maxRemembered });
  return (userAgent) => {
    const known = remembered.get(userAgent);
    if (known) return known;
    const details = readUserAgent(userAgent);
    remembered.set(userAgent, details);
    return details;
  };
}

export function readUserAgent(userAgent: string): UserAgentDetails {
  if (userAgent === '') return { bot: false, device: null, browser: null, os: null };
  if (isbot(userAgent)) return { bot: true, device: null, browser: null, os: null };
  const parsed = new UAParser(userAgent).getResult();
  return {
    bot: false,
    device: deviceOf(parsed.device.type),
    browser: parsed.browser.name?.slice(0, 80) ?? null,
    os: parsed.os.name?.slice(0, 80) ?? null,
  };
}

// ua-parser-js names no type for desktops; consoles, TVs, wearables and the like are "other".
function deviceOf(type: string | undefined): VisitorDevice {
  if (type === undefined) return 'desktop';
  if (type === 'mobile' || type === 'tablet') return type;
  return 'other';
}
