'use client';

import { useEffect, useId, useState } from 'react';
import { ASK_MAX_CHARS, readStatement, type StatementReading, type WordReading } from '@/lib/core/text/ask';
import { vocabularySchema } from '@/lib/core/text/tokenizer';
import vocabJson from '@/lib/core/text/vocab.json';

const VOCABULARY = vocabularySchema.parse(vocabJson).tokens;
const DEBOUNCE_MS = 400;

function Reading({ w }: { w: WordReading }) {
  if (w.kind === 'known') return <span>{w.typed}</span>;
  if (w.kind === 'misspelling')
    return (
      <span className="underline decoration-dotted decoration-sky-600 underline-offset-4" title={`A misspelling of “${w.meant}” the model learned from NLVR`}>
        {w.typed} <span className="text-slate-500 dark:text-slate-400">(= {w.meant})</span>
      </span>
    );
  if (w.kind === 'corrected')
    return (
      <span className="rounded bg-amber-100 px-1 text-amber-900 dark:bg-amber-900/40 dark:text-amber-100" data-kind="corrected">
        {w.typed} → {w.read}
      </span>
    );
  return (
    <span className="rounded px-1 text-rose-800 line-through decoration-2 ring-1 ring-rose-400 dark:text-rose-300" data-kind="unknown" title="Not in the model’s vocabulary: it reads [UNK]">
      {w.typed}
    </span>
  );
}

/**
 * Type a statement about the pair on screen: checked as you type (limits, characters), read word by
 * word as the model will read it, and sent to the model 0.4 s after you stop typing (or on Enter).
 */
export function AskForm({ onAsk, onClear, asking }: { onAsk: (statement: string) => void; onClear: () => void; asking: boolean }) {
  const [text, setText] = useState('');
  const id = useId();
  const reading: StatementReading | null = text.trim() ? readStatement(text, VOCABULARY) : null;
  const statement = reading?.ok ? reading.statement : null;

  useEffect(() => {
    if (!statement) return;
    const timer = setTimeout(() => onAsk(statement), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [statement, onAsk]);

  const notes = reading?.ok ? reading.words.filter((w) => w.kind !== 'known') : [];
  return (
    <form
      className="flex flex-col gap-2 rounded-xl border border-slate-200 bg-white p-3 shadow-sm dark:border-slate-700 dark:bg-slate-900"
      aria-labelledby={`${id}-label`}
      data-testid="ask-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (statement) onAsk(statement);
      }}
    >
      <label id={`${id}-label`} htmlFor={`${id}-input`} className="font-semibold">
        Ask the model
        <span className="ml-2 text-sm font-normal text-slate-600 dark:text-slate-300">your own statement about these two images</span>
      </label>
      <div className="flex flex-col gap-2 sm:flex-row">
        <input
          id={`${id}-input`}
          name="statement"
          value={text}
          onChange={(e) => setText(e.target.value)}
          maxLength={ASK_MAX_CHARS + 40}
          autoComplete="off"
          spellCheck={false}
          placeholder="e.g. there is a blue circle touching the edge"
          aria-describedby={`${id}-help ${id}-status`}
          aria-invalid={reading ? !reading.ok : undefined}
          className="min-w-0 flex-1 rounded-lg border border-slate-300 bg-white px-3 py-2 dark:border-slate-600 dark:bg-slate-800"
        />
        <div className="flex gap-2">
          <button type="submit" disabled={!statement} className="rounded-lg bg-sky-700 px-4 py-2 font-semibold text-white hover:bg-sky-800 disabled:opacity-50">
            Ask
          </button>
          <button
            type="button"
            onClick={() => {
              setText('');
              onClear();
            }}
            className="rounded-lg px-3 py-2 text-sm ring-1 ring-slate-300 hover:bg-slate-100 dark:ring-slate-600 dark:hover:bg-slate-800"
          >
            Back to the challenge
          </button>
        </div>
      </div>
      <p id={`${id}-help`} className="text-xs text-slate-600 dark:text-slate-300">
        Up to {ASK_MAX_CHARS} characters and 22 words; letters, digits, spaces and basic punctuation. Words the model never saw are struck through
        (it reads them as [UNK]); near misspellings are mapped to the word they most likely mean.
      </p>
      <div id={`${id}-status`} role="status" className="text-sm" data-testid="ask-status">
        {reading && !reading.ok && (
          <p className="text-rose-700 dark:text-rose-300" data-testid="ask-error">
            {reading.error}
          </p>
        )}
        {reading?.ok && (
          <p data-testid="ask-reading">
            <span className="text-slate-600 dark:text-slate-300">The model reads: </span>
            {reading.words.map((w, i) => (
              <span key={i}>
                {i > 0 && ' '}
                <Reading w={w} />
              </span>
            ))}
            {asking && <span className="ml-2 text-slate-600 dark:text-slate-300">· thinking…</span>}
          </p>
        )}
        {notes.length > 0 && (
          <ul className="mt-1 text-xs text-slate-600 dark:text-slate-300" data-testid="ask-notes">
            {notes.map((w, i) => (
              <li key={i}>
                {w.kind === 'misspelling' && `“${w.typed}” is a misspelling of “${w.meant}” that the model learned from NLVR.`}
                {w.kind === 'corrected' && `“${w.typed}” is not in the vocabulary; read as “${w.read}”.`}
                {w.kind === 'unknown' && `“${w.typed}” is not in the model’s vocabulary: it reads [UNK].`}
              </li>
            ))}
          </ul>
        )}
      </div>
    </form>
  );
}
