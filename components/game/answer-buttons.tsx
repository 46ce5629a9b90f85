import { memo, useSyncExternalStore } from 'react';

/** False in the server's HTML and while hydrating, true once the page's script runs it. */
const noSubscription = () => () => {};
const useHydrated = () => useSyncExternalStore(noSubscription, () => true, () => false);

/**
 * The two answers to "true of both?", with their keyboard shortcuts where there is a keyboard (the caller handles
 * the keys). Disabled in the server's HTML, until the page's script can take the answer: the flip re-renders these
 * two buttons alone, not the game around them (a synchronous render of the whole game right after hydration).
 */
export const AnswerButtons = memo(function AnswerButtons({ onAnswer }: { onAnswer: (value: boolean) => void }) {
  const disabled = !useHydrated();
  return (
    <div className="grid grid-cols-2 gap-3 sm:flex sm:justify-center">
      <button type="button" disabled={disabled} onClick={() => onAnswer(true)} className="whitespace-nowrap rounded-lg bg-emerald-700 px-4 py-3 text-lg font-semibold text-white hover:bg-emerald-800 disabled:cursor-wait sm:px-8">
        True of both <kbd className="kbd-only ml-1 text-xs opacity-80">T</kbd>
      </button>
      <button type="button" disabled={disabled} onClick={() => onAnswer(false)} className="whitespace-nowrap rounded-lg bg-rose-700 px-4 py-3 text-lg font-semibold text-white hover:bg-rose-800 disabled:cursor-wait sm:px-8">
        False <kbd className="kbd-only ml-1 text-xs opacity-80">F</kbd>
      </button>
    </div>
  );
});
