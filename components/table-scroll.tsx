/** A table that may be wider than the page: it scrolls sideways in a focusable region, with shadows at the edges that have more. */
export function TableScroll({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    // Focusable so that keyboard users can scroll it (axe: scrollable-region-focusable).
    <div role="region" aria-label={label} tabIndex={0} className="scroll-cue rounded-sm">
      {children}
    </div>
  );
}
