import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ApiPathTemplate, apiPath } from '../../src/client/paths.js';
import { API_ROUTES } from '../../src/client/routes.js';

const SRC = join(import.meta.dirname, '../../src');
/** The client fills paths; the sandbox serves them. Everything else names a template. */
const EXEMPT = ['client/', 'sandbox/'];

/** A template string that starts like an API path and splices a value in: `/machines/${id}`. */
const HAND_BUILT_PATH = /`\/[^`\s]*\$\{/;
/** A second template filler: `{name}` replaced by hand. */
const HAND_FILLED_TEMPLATE = /\.replace\(\/\\\{\(\\w\+\)\\\}\/g/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('API paths come from the reference, filled in one place', () => {
  it('no file outside src/client builds an API path by hand', () => {
    const found: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const name = relative(SRC, file).split('\\').join('/');
      if (EXEMPT.some((dir) => name.startsWith(dir))) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, n) => {
          if (HAND_BUILT_PATH.test(line) || HAND_FILLED_TEMPLATE.test(line))
            found.push(`${name}:${n + 1}: ${line.trim()}`);
        });
    }
    expect(found).toEqual([]);
  });

  it('every template apiPath accepts is a route of the reference', () => {
    const templates: ApiPathTemplate[] = ['/machines/{id}', '/datasets/{datasetId}/versions/{version}'];
    const paths = new Set(API_ROUTES.map((route) => route.slice(route.indexOf(' ') + 1)));
    for (const template of templates) expect(paths.has(template)).toBe(true);
    // @ts-expect-error a path the reference does not have is a type error
    expect(() => apiPath('/machine/{id}', { id: 'x' })).not.toThrow();
  });
});
