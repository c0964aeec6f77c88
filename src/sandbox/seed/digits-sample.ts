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
