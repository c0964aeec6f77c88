import type { SandboxArea } from '../router.js';
import type { Store } from '../store.js';
import { insertDataset } from './datasets.js';
import { createVersion, type DatasetVersion } from './datasets-versions.js';

/**
 * A dataset whose files live in the sandbox's own S3 (the team's "aws-datasets" provider, not
 * Paperspace-managed storage), so the file tools have files to list, read and download from the
 * first start. Its rows are seeded (and kept by --sandbox-state like any other); its files are put
 * into storage on every start, since storage lives in memory.
 */
export const SEEDED_FILES_DATASET = 'digits-sample';

/** An 8×8 grey image of `rows` (one string of 8 digits 0-9 per row) as ASCII PGM. */
const pgm = (rows: string[]) => `P2\n8 8\n9\n${rows.map((r) => r.split('').join(' ')).join('\n')}\n`;

export const SEEDED_FILES: Readonly<Record<string, string>> = {
  'README.md':
    '# digits-sample\n\nThree 8x8 handwritten digits (ASCII PGM) and their labels: a dataset to try the file tools on.\n',
  'labels.csv': 'file,label\nimages/0.pgm,0\nimages/1.pgm,1\nimages/7.pgm,7\n',
  'images/0.pgm': pgm([
    '00999900',
    '09900990',
    '99000099',
    '99000099',
    '99000099',
    '99000099',
    '09900990',
    '00999900',
  ]),
  'images/1.pgm': pgm([
    '00099000',
    '00999000',
    '09099000',
    '00099000',
    '00099000',
    '00099000',
    '00099000',
    '09999990',
  ]),
  'images/7.pgm': pgm([
    '99999999',
    '00000099',
    '00000990',
    '00009900',
    '00099000',
    '00990000',
    '00990000',
    '00990000',
  ]),
};

export const datasetFilesSeed: SandboxArea = {
  routes: [],
  seed: (store) => {
    const provider = [...store.table('storageProviders').values()].find((p) => p.isManaged === false);
    if (typeof provider?.id !== 'string') return;
    const dataset = insertDataset(store, {
      name: SEEDED_FILES_DATASET,
      description: 'Three handwritten digits and their labels, stored in the team bucket "aws-datasets"',
      isPublic: false,
      storageProviderId: provider.id,
    });
    const version = createVersion(store, dataset.id, { message: 'first sample', tags: 'latest' }, true);
    const bytes = Object.values(SEEDED_FILES).reduce((sum, text) => sum + Buffer.byteLength(text), 0);
    version.usageBytes = String(bytes);
  },
};

/**
 * The objects to put into storage: the seeded files under every version of the seeded dataset,
 * modified when the version was made (so a listing reads the same on every start).
 */
export function seededObjects(store: Store): { bucket: string; key: string; body: Buffer; modified: Date }[] {
  const ids = new Set(
    [...store.table('datasets').values()].filter((d) => d.name === SEEDED_FILES_DATASET).map((d) => d.id),
  );
  return [...store.table<DatasetVersion>('datasetVersions').values()]
    .filter((v) => ids.has(v.datasetId))
    .flatMap((v) => {
      const [, bucket, prefix] = /^s3:\/\/([^/]+)\/(.*)$/.exec(v.url ?? '') ?? [];
      if (bucket === undefined || prefix === undefined) return [];
      return Object.entries(SEEDED_FILES).map(([path, text]) => ({
        bucket,
        key: `${prefix}${path}`,
        body: Buffer.from(text),
        modified: new Date(v.dtCreated),
      }));
    });
}
