import { describe, expect, it } from 'vitest';
import { publicRealtimeUrl, websocketUrlOf } from './public-realtime-url.ts';

const defaults = { PUBLIC_REALTIME_PORT: 3001 };

describe('publicRealtimeUrl', () => {
  it('is the page’s own protocol and host on PUBLIC_REALTIME_PORT', () => {
    expect(publicRealtimeUrl({ protocol: 'http', hostname: '192.168.1.5' }, defaults)).toBe('http://192.168.1.5:3001');
    expect(publicRealtimeUrl({ protocol: 'https', hostname: 'Shop.Example.com' }, { PUBLIC_REALTIME_PORT: 8443 })).toBe(
      'https://shop.example.com:8443',
    );
    expect(publicRealtimeUrl({ protocol: 'http', hostname: '[::1]' }, defaults)).toBe('http://[::1]:3001');
  });

  it('is PUBLIC_REALTIME_URL whatever the page’s address', () => {
    const settings = { ...defaults, PUBLIC_REALTIME_URL: 'https://live.example.com' };
    expect(publicRealtimeUrl({ protocol: 'http', hostname: '192.168.1.5' }, settings)).toBe('https://live.example.com');
  });

  it('never lets a forged Host reach the answer or the CSP', () => {
    for (const hostname of ["evil.com; script-src 'unsafe-inline'", 'a b', 'x,y', '', 'a/b', 'ex"ample']) {
      expect(publicRealtimeUrl({ protocol: 'http', hostname }, defaults)).toBe('http://localhost:3001');
    }
    expect(publicRealtimeUrl({ protocol: 'javascript', hostname: 'x' }, defaults)).toBe('http://x:3001');
  });
});

describe('websocketUrlOf', () => {
  it('maps http to ws and https to wss', () => {
    expect(websocketUrlOf('http://192.168.1.5:3001')).toBe('ws://192.168.1.5:3001');
    expect(websocketUrlOf('https://live.example.com')).toBe('wss://live.example.com');
  });
});
