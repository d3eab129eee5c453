/**
 * Sets an entry of a map used as an in-memory cache of at most `max` entries: the entry becomes the
 * newest, and the oldest is dropped when the map is full. One rule for every such cache (API keys,
 * opened tokens, sessions, the proxy's rows, log sampling), so none can grow without bound.
 */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  if (map.size >= max) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
  map.set(key, value);
}
