/**
 * `npm run evaluate:layout [-- --pages N]`: recovery quality on the hand-checked fixture pages
 * plus N re-laid seed pages (default 1000), per layout. The last line is the scores as JSON.
 */
import { parseArgs } from 'node:util';
import { formatScores, layoutCorpus, scoreLayouts } from './layout-metrics.ts';

const { values } = parseArgs({ options: { pages: { type: 'string', default: '1000' } } });
const corpus = await layoutCorpus(Number(values.pages));
const scores = scoreLayouts(corpus);
console.log(formatScores(scores));
console.log(JSON.stringify(scores));
