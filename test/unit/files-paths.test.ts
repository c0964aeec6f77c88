import { describe, expect, it } from 'vitest';
import { cleanFilePath, parseVersionUrl, safeRelativePath } from '../../src/files/location.js';

describe('dataset file paths', () => {
  it('object keys that could leave the download directory get no local path', () => {
    const p = 'team/ds/v1/';
    for (const key of [
      `${p}../escape.txt`,
      `${p}a/../../escape.txt`,
      `${p}/abs.txt`,
      `${p}a//b.txt`,
      `${p}back\\slash.txt`,
      `${p}C:/windows.txt`,
      `${p}./dot.txt`,
      `${p}nul\0.txt`,
      'elsewhere/x.txt',
      p,
    ]) {
      expect(safeRelativePath(key, p), key).toBeUndefined();
    }
    expect(safeRelativePath(`${p}train/ñandú 🐦.csv`, p)).toBe('train/ñandú 🐦.csv');
    expect(safeRelativePath(`${p}..hidden/x`, p)).toBe('..hidden/x');
  });

  it('file paths from the agent stay inside the version', () => {
    expect(cleanFilePath('/data/x')).toBe('data/x');
    expect(cleanFilePath('./data/x.csv')).toBe('data/x.csv');
    expect(cleanFilePath('', true)).toBe('');
    expect(cleanFilePath('train/', true)).toBe('train/');
    for (const bad of ['../x', 'a/../../b', 'a\\b', 'a//b', 'a/./b', ''])
      expect(() => cleanFilePath(bad), bad).toThrow();
  });

  it('a version url names its bucket and a prefix ending in a slash', () => {
    expect(parseVersionUrl('s3://bkt/team/ds/v1/')).toEqual({ bucket: 'bkt', prefix: 'team/ds/v1/' });
    expect(parseVersionUrl('s3://bkt/team/ds/v1')).toEqual({ bucket: 'bkt', prefix: 'team/ds/v1/' });
    expect(parseVersionUrl('s3://bkt')).toEqual({ bucket: 'bkt', prefix: '' });
    expect(() => parseVersionUrl(null)).toThrow(/no S3 location/);
  });
});
