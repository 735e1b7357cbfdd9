// Worker threads do not inherit tsx's module loader (Node 20): register it, then load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./deflate-worker.ts');
