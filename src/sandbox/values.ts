/** Narrowing for values of unknown shape: JSON bodies, stored rows, caught errors. */

export { errorCode, isOneOf, isRecord, messageOf } from '../types/narrow.js';

export type Row = Record<string, unknown>;
