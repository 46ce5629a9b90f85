import { memo } from 'react';
import Image from 'next/image';
import type { z } from 'zod';
import type { challengeImageSchema } from '@/lib/core/game/challenge';

type Verdict = 'true' | 'false' | null;

/** One 400×100 scene (memo: the model's status changes while it loads re-render the game, not the images), drawn from its 2× PNG; after an answer, framed by whether the statement holds for it. */
export const SceneImage = memo(function SceneImage({ side, image, verdict }: { side: 'Left' | 'Right'; image: z.infer<typeof challengeImageSchema>; verdict: Verdict }) {
  const frame = verdict === null ? 'ring-slate-300' : verdict === 'true' ? 'ring-emerald-500' : 'ring-rose-500';
  return (
    <figure className="flex flex-col gap-1">
      <figcaption className="flex items-center justify-between text-sm font-medium text-slate-600 dark:text-slate-300">
        <span>{side} image</span>
        {verdict !== null && (
          <span className={verdict === 'true' ? 'text-emerald-700 dark:text-emerald-400' : 'text-rose-700 dark:text-rose-400'} data-testid={`${side.toLowerCase()}-verdict`}>
            {verdict === 'true' ? 'true here' : 'false here'}
          </span>
        )}
      </figcaption>
      <Image
        src={image.displayUrl}
        alt={`${side} scene: three grey boxes with ${image.boxes.length} objects`}
        width={800}
        height={200}
        unoptimized
        loading="eager"
        fetchPriority="high"
        className={`h-auto w-full rounded-md ring-4 ${frame}`}
      />
    </figure>
  );
});
