// Runs before the app's client code. Module order matters: zod is configured before any schema exists.
import '@/lib/core/zod-jitless';
import { startModelEarly } from '@/components/model/early-start';

// The game's model worker starts here, a few hundred milliseconds before the page's own scripts could start it.
startModelEarly();
