export function formatBytes(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.round(bytes / 1e3)} kB`;
}

/** "2.1 of 3.0 MB": both in the larger number's unit. */
export function formatMegabytes(loaded: number, total: number): string {
  return total >= 1e6 ? `${(loaded / 1e6).toFixed(1)} of ${(total / 1e6).toFixed(1)} MB` : `${Math.round(loaded / 1e3)} of ${Math.round(total / 1e3)} kB`;
}
