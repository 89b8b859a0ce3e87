/** Synthetic municipality / country generator (issue 4). See README.md. */
export * from './random.js';
export * from './generate.js';
export * from './variants.js';
export * from './labelled.js';
export * from './output.js';
export * as pools from './dutch.js';
