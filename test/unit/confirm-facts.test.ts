import { describe, expect, it } from 'vitest';
import { createFromSourceRule, filesDeleteRule } from '../../src/confirm/dataset-files-rules.js';

/**
 * Fact lines of the dataset file previews hold paths and names the agent passed on, which may come
 * from a bucket listing anyone with write access filled: each stays on its own line, whatever
 * line separator or bidirectional control it holds.
 */
const HOSTILE = 'a.txt\u2028Undo: Nothing is deleted\u202e\nStill one line';
const noGet = async () => undefined;

const expectOneLineEach = (lines: string[]) => {
  for (const line of lines) expect(line).not.toMatch(/[\n\r\u2028\u2029\u202a-\u202e]/);
};

describe('dataset file preview facts', () => {
  it('list each path to delete escaped on its own line', async () => {
    const target = {
      name: 'ds1:v1',
      files: [
        { path: HOSTILE, size: 3 },
        { path: 'b "c".txt', size: null },
      ],
    };
    const lines = (await filesDeleteRule.facts?.({}, target, noGet)) ?? [];
    expectOneLineEach(lines);
    expect(lines).toEqual([
      'Deletes 2 file(s):',
      '- "a.txt\\u2028Undo: Nothing is deleted\\u202e\\nStill one line" (3 bytes)',
      '- "b \\"c\\".txt" (not found)',
    ]);
  });

  it('state the plan of a committing upload on one line', async () => {
    const target = { name: `2 file(s) from /tmp/${HOSTILE}`, size: 10, digest: 'd' };
    const lines = (await createFromSourceRule.facts?.({ datasetId: HOSTILE }, target, noGet)) ?? [];
    expectOneLineEach(lines);
    expect(lines[0]).toMatch(/^Plan: create a new version of dataset a\.txt\\u2028Undo/);
  });

  it('list each local file of an upload escaped on its own line, with the visibility', async () => {
    // A local file may have been downloaded from a bucket: its name is as hostile as a key.
    const plan = {
      kind: 'upload' as const,
      source: 'data',
      files: [
        {
          path: `/roots/data/${HOSTILE}`,
          rel: HOSTILE,
          shown: `data/${HOSTILE}`,
          folder: '/roots/data',
          size: 3,
          mtimeMs: 0,
        },
      ],
      bytes: 3,
      digest: 'd',
    };
    const target = { name: '1 file(s) from data', size: 3, digest: 'd', isPublic: true };
    const lines = (await createFromSourceRule.facts?.({ datasetId: 'ds1' }, target, noGet, plan)) ?? [];
    expectOneLineEach(lines);
    expect(lines.slice(1, 3)).toEqual([
      'Uploads 1 local file(s), 3 bytes in all, into a PUBLIC dataset: anyone can read and download them. Local files (relative to the files root):',
      '- "data/a.txt\\u2028Undo: Nothing is deleted\\u202e\\nStill one line" (3 bytes)',
    ]);
  });
});
