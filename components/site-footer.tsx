const LINK = 'font-semibold text-sky-700 underline underline-offset-2 dark:text-sky-300';

/** The page foot: the paper this reproduces, the data and its licence, the code (`source`, when the deployment names it). */
export function SiteFooter({ source }: { source: string | null }) {
  return (
    <footer className="mx-auto mt-6 w-full max-w-5xl border-t border-slate-200 px-4 py-6 text-sm text-slate-600 dark:border-slate-800 dark:text-slate-300">
      <p>
        A miniature of{' '}
        <a className={LINK} href="https://arxiv.org/abs/1912.03063">
          Kervadec et al., Weak Supervision helps Emergence of Word-Object Alignment (arXiv 1912.03063)
        </a>
        . Statements and scenes from{' '}
        <a className={LINK} href="https://lil.nlp.cornell.edu/nlvr/">
          NLVR
        </a>{' '}
        (Suhr et al., ACL 2017), licensed{' '}
        <a className={LINK} href="https://creativecommons.org/licenses/by/4.0/">
          CC-BY-4.0
        </a>
        .
        {source && (
          <>
            {' '}
            <a className={LINK} href={source}>
              Source code
            </a>
            .
          </>
        )}
      </p>
    </footer>
  );
}
