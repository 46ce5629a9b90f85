'use client';

import { useEffect } from 'react';

/** Marks <html data-keyboard> at the first key press, so that key hints (`.kbd-only`) show on touch devices with a keyboard too. */
export function KeyboardSeen() {
  useEffect(() => {
    const onKey = () => document.documentElement.setAttribute('data-keyboard', '');
    window.addEventListener('keydown', onKey, { once: true });
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return null;
}
