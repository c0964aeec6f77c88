import { isRecord } from '../types/narrow.js';

/** An object of fields as the API answers it: nothing about its fields is known until read. */
export type Entity = Record<string, unknown>;

/** Whether a value is an object of fields (not null, not an array). */
export const isEntity: (value: unknown) => value is Entity = isRecord;

/** The value as an object of fields, or undefined when it is none (null, an array, a scalar). */
export const entityOf = (value: unknown): Entity | undefined => (isEntity(value) ? value : undefined);

/** The object items of a list page (`{ items: [...] }`); none when the answer is no page. */
export const itemsOf = (page: unknown): Entity[] =>
  isEntity(page) && Array.isArray(page.items) ? page.items.filter(isEntity) : [];
