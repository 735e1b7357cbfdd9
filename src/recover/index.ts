/** Page recovery: raw page text → articles. See recover-page.ts for the stages. */
export type * from './types.ts';
export { recoverPage, splitHeadingGroup, type LayoutCorrections } from './recover-page.ts';
