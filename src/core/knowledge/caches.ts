import { LRUCache } from 'lru-cache';

/** What the knowledge base empties when what is indexed changes. */
export interface Clearable {
  clear(): void;
}

/** A map with a bound on its size (emptied when full: the corpus is small and changes only at reindex). */
export class BoundedMap<K, V> implements Clearable {
  private readonly map = new Map<K, V>();

  constructor(private readonly max: number) {}

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  set(key: K, value: V): void {
    if (this.map.size >= this.max) this.map.clear();
    this.map.set(key, value);
  }

  get size(): number {
    return this.map.size;
  }

  clear(): void {
    this.map.clear();
  }
}

/** Values attached to objects (e.g. a retrieval's plans); clearing forgets every attachment. */
export class ObjectMap<K extends object, V> implements Clearable {
  private map = new WeakMap<K, V>();

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  set(key: K, value: V): void {
    this.map.set(key, value);
  }

  clear(): void {
    this.map = new WeakMap();
  }
}

/** A least-recently-used cache (0 entries: stores nothing). */
export class RecentMap<K extends {}, V extends {}> implements Clearable {
  private readonly lru: LRUCache<K, V> | null;

  constructor(max: number) {
    this.lru = max > 0 ? new LRUCache({ max }) : null;
  }

  get(key: K): V | undefined {
    return this.lru?.get(key);
  }

  set(key: K, value: V): void {
    this.lru?.set(key, value);
  }

  get size(): number {
    return this.lru?.size ?? 0;
  }

  clear(): void {
    this.lru?.clear();
  }
}
