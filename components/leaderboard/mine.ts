/** Ids of the runs and model entries this browser submitted, so boards can highlight "your" rows. */
export type MineKind = 'runs' | 'entries';

const key = (kind: MineKind) => `tob:my-${kind}`;

export function readMine(kind: MineKind): string[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(key(kind)) ?? '[]');
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberMine(kind: MineKind, id: string): void {
  localStorage.setItem(key(kind), JSON.stringify([id, ...readMine(kind).filter((v) => v !== id)].slice(0, 200)));
}

/** For useSyncExternalStore: the stored list as a string (stable between changes), re-read on "storage" events. */
export function subscribeMine(onChange: () => void): () => void {
  window.addEventListener('storage', onChange);
  return () => window.removeEventListener('storage', onChange);
}

export function mineSnapshot(kind: MineKind): string {
  return localStorage.getItem(key(kind)) ?? '[]';
}
