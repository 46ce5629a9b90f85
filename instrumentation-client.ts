import { startModelEarly } from '@/components/model/early-start';

// Runs before the app's client code: the game's model worker starts here, a few hundred milliseconds before
// the page's own scripts could start it. Nothing it imports loads zod (a test on the built site checks).
startModelEarly();
