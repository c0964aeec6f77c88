import { describe, expect, it } from 'vitest';
import { datasetLinks } from '../../src/resources/links.js';
import type { Operation } from '../../src/tools/define.js';
import { OPERATIONS } from '../../src/tools/registry/all-rows.js';

const op = (name: string) => OPERATIONS.find((o) => o.name === name) as Operation;

describe('resource links in dataset results', () => {
  it('a whole-version download (path "") links the version, named datasetId:version', () => {
    const links = datasetLinks(
      op('datasets_versions_files_get'),
      { datasetId: 'dsabc', version: 'v1', toPath: '/tmp/out' },
      { path: '', savedTo: '/tmp/out', files: 3, bytes: 10 },
    );
    expect(links).toEqual([
      {
        type: 'resource_link',
        uri: 'paperspace://datasets/dsabc/versions/v1',
        name: 'dsabc:v1',
        mimeType: 'application/json',
      },
    ]);
  });

  it('no link has an empty name: items without an id get none, and the name is the id', () => {
    const datasets = datasetLinks(
      op('datasets_list'),
      {},
      {
        items: [
          { id: '', name: 'no id' },
          { id: 'dsx', name: null },
          { id: 'dsy', name: '' },
        ],
      },
    );
    expect(datasets.map((l) => [l.name, l.title])).toEqual([
      ['dsx', undefined],
      ['dsy', undefined],
    ]);
    const versions = datasetLinks(
      op('datasets_versions_list'),
      { datasetId: 'dsx' },
      {
        items: [{ datasetId: '', version: 'v2', message: '' }, { version: '' }],
      },
    );
    expect(versions.map((l) => l.name)).toEqual(['dsx:v2']);
    const files = datasetLinks(
      op('datasets_versions_files_list'),
      { datasetId: 'dsx:v2' },
      {
        items: [{ path: 'a.txt' }, { path: 'dir/' }, { path: '' }],
      },
    );
    expect(files.map((l) => l.name)).toEqual(['a.txt', 'dsx:v2']);
    for (const l of [...datasets, ...versions, ...files]) expect(l.name).not.toBe('');
  });
});
