/**
 * Readers of a figure that must be current (live reactions and clicks: a viewer's own click must
 * show in the next read) share reads without ever getting one older than their arrival: a reader
 * who comes while a read is running waits for the next one, which starts once that read is done,
 * and every reader who came meanwhile shares it. However many ask at once, at most two reads of a
 * key are in flight — one running and one waiting to start — instead of one per reader.
 */
export class FreshReadCoalescer<V> {
  private readonly running = new Map<string, Promise<V>>();
  private readonly next = new Map<string, Promise<V>>();

  get(key: string, load: () => Promise<V>): Promise<V> {
    const current = this.running.get(key);
    if (!current) return this.start(key, load);
    const queued = this.next.get(key);
    if (queued) return queued;
    // Settles either way before the next read begins: that read must start after every reader now waiting arrived.
    const following = current
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        this.next.delete(key);
        return this.start(key, load);
      });
    this.next.set(key, following);
    return following;
  }

  private start(key: string, load: () => Promise<V>): Promise<V> {
    const promise = load().finally(() => {
      if (this.running.get(key) === promise) this.running.delete(key);
    });
    this.running.set(key, promise);
    return promise;
  }
}
