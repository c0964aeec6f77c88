import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AuditRecord, GENESIS } from '../../src/audit/entry.js';
import { FileJournal } from '../../src/audit/file-journal.js';
import { RedisJournal } from '../../src/audit/redis-journal.js';
import { AuditJournalError } from '../../src/audit/sink.js';
import { auditCommand, verifyJournal } from '../../src/audit/verify.js';
import { itWithRedis, startRedis } from '../helpers/redis.js';

const record = (over: Partial<AuditRecord> = {}): AuditRecord => ({
  caller: 'c1',
  tool: 'machines_stop',
  target: 'm1',
  args: { id: 'm1' },
  decision: 'allowed',
  ...over,
});

const fresh = () => join(mkdtempSync(join(tmpdir(), 'audit-')), 'journal.jsonl');

describe('the audit journal file', () => {
  it('chains lines from 64 zeros, is created 0600, and verifies intact', async () => {
    const file = fresh();
    const journal = await FileJournal.open(file);
    const a = await journal.append(record());
    const b = await journal.append(record({ outcome: 'applied' }));
    await journal.close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(a).toMatchObject({ seq: 1, prev: GENESIS });
    expect(b).toMatchObject({ seq: 2, prev: a.hash });
    expect(await verifyJournal(file)).toEqual({ ok: true, entries: 2 });
    const lines: string[] = [];
    expect(await auditCommand(['verify', file], (l) => lines.push(l))).toBe(0);
    expect(lines).toEqual(['2 entries, chain intact']);
  });

  it('a restart continues the chain from the last line, read from the end in chunks shorter than a line', async () => {
    const file = fresh();
    const first = await FileJournal.open(file);
    for (let i = 0; i < 3; i++) await first.append(record({ args: { id: 'm1', pad: 'x'.repeat(100_000) } }));
    await first.close();
    const again = await FileJournal.open(file);
    const next = await again.append(record());
    await again.close();
    expect(next.seq).toBe(4);
    expect(await verifyJournal(file)).toEqual({ ok: true, entries: 4 });
  });

  it('a changed line is found by verify, as line N counted from 1', async () => {
    const file = fresh();
    const journal = await FileJournal.open(file);
    for (let i = 0; i < 4; i++) await journal.append(record({ target: `m${i}` }));
    await journal.close();
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[2] = (lines[2] ?? '').replace('"m2"', '"m9"');
    writeFileSync(file, lines.join('\n'));
    const out: string[] = [];
    expect(await auditCommand(['verify', file], (l) => out.push(l))).toBe(1);
    expect(out[0]).toMatch(/^line 3: hash does not match/);
  });

  it('a removed line breaks the chain at the line after it', async () => {
    const file = fresh();
    const journal = await FileJournal.open(file);
    for (let i = 0; i < 3; i++) await journal.append(record());
    await journal.close();
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.splice(1, 1);
    writeFileSync(file, lines.join('\n'));
    expect(await verifyJournal(file)).toMatchObject({ ok: false, line: 2, entries: 1 });
  });

  it('a full disk rejects the append naming the journal, and nothing is recorded as written', async () => {
    const journal = await FileJournal.open('/dev/full');
    const error = await journal.append(record()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditJournalError);
    expect(String(error)).toMatch(
      /the audit journal \(\/dev\/full\) cannot be written \(ENOSPC\); the change was not sent/,
    );
    await journal.close();
  });

  it('a journal whose last line is not an entry cannot be continued', async () => {
    const file = fresh();
    appendFileSync(file, 'garbage\n');
    await expect(FileJournal.open(file)).rejects.toThrow(/last line is not a journal entry/);
  });

  it('recent: the caller’s own entries, newest first, never another caller’s', async () => {
    const file = fresh();
    const journal = await FileJournal.open(file);
    for (let i = 0; i < 60; i++)
      await journal.append(record({ caller: i % 2 ? 'c1' : 'c2', target: `m${i}` }));
    const mine = await journal.recent('c1', 50);
    await journal.close();
    expect(mine).toHaveLength(30);
    expect(mine.every((e) => e.caller === 'c1')).toBe(true);
    expect(mine[0]?.target).toBe('m59');
  });
});

describe('the audit journal as a Redis stream', () => {
  itWithRedis('two replicas appending at once keep one chain', async () => {
    const redis = await startRedis();
    try {
      const a = await RedisJournal.connect(redis.url, 'audit');
      const b = await RedisJournal.connect(redis.url, 'audit');
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).append(record({ target: `m${i}` }))),
      );
      const entries = (await a.recent('c1', 100)).reverse();
      expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      entries.forEach((e, i) => {
        expect(e.prev).toBe(i === 0 ? GENESIS : entries[i - 1]?.hash);
      });
      const file = fresh();
      writeFileSync(file, `${entries.map((e) => JSON.stringify(e)).join('\n')}\n`);
      expect(await verifyJournal(file)).toEqual({ ok: true, entries: 20 });
      await a.close();
      await b.close();
    } finally {
      await redis.stop();
    }
  });

  itWithRedis('a lost Redis rejects the append naming the stream', async () => {
    const redis = await startRedis();
    const journal = await RedisJournal.connect(redis.url, 'audit');
    await redis.stop();
    const error = await journal.append(record()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditJournalError);
    expect(String(error)).toContain('the audit journal (redis stream audit) cannot be written');
    await journal.close();
  });
});
