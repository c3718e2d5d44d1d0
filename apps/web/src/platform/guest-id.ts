const storageKey = 'showfloor.guestId';

/**
 * A guest's own id, kept in local storage so a reload (or a second tab) is the same viewer: the
 * realtime service counts distinct viewers by it. It identifies a browser, not a person, and is
 * never trusted for anything but counting.
 */
export function guestId(storage: Storage | undefined = globalThis.localStorage): string {
  try {
    const kept = storage?.getItem(storageKey);
    if (kept && /^[0-9a-f-]{36}$/i.test(kept)) return kept;
    const fresh = crypto.randomUUID();
    storage?.setItem(storageKey, fresh);
    return fresh;
  } catch {
    // Storage refused (private mode, quota): still a valid viewer for this page's life.
    return crypto.randomUUID();
  }
}
