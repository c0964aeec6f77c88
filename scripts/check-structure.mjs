// npm run check:structure: the import-graph rules of .dependency-cruiser.cjs and the cap on `as`
// assertions, held as a ratchet against .structure-baseline.json. A violation the baseline does
// not list, or more assertions than it records, fails; fewer print "baseline can shrink: …".
//   --update       rewrites the baseline to what the tree holds now, only ever smaller
//   --accept-new   with --update, also records new violations (say why in the commit)
//   --list         prints every violation, not only the counts per rule
//   --strict       ignores the baseline: any violation, or assertions above the cap, fails
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { CAP, countAssertions } from './count-assertions.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const BASELINE = `${ROOT}.structure-baseline.json`;
/** How many removed violations a run names without --list. */
const SHOWN_GONE = 10;

/**
 * The violations of the import-graph rules in `root`/src (its own tsconfig.json), as `from → to`
 * per rule name, sorted.
 */
export function cruise(root = ROOT) {
  const args = [`${ROOT}node_modules/dependency-cruiser/bin/dependency-cruise.mjs`, 'src'];
  args.push('--config', `${ROOT}.dependency-cruiser.cjs`, '--output-type', 'json');
  let output;
  try {
    output = execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  } catch (error) {
    // dependency-cruiser exits non-zero when a rule is broken; its JSON is on stdout all the same.
    if (typeof error.stdout !== 'string' || !error.stdout.startsWith('{')) throw error;
    output = error.stdout;
  }
  const { summary } = JSON.parse(output);
  const byRule = {};
  for (const v of summary.violations) {
    byRule[v.rule.name] = [...(byRule[v.rule.name] ?? []), `${v.from} → ${v.to}`];
  }
  for (const list of Object.values(byRule)) list.sort();
  return { violations: sortedKeys(byRule), modules: summary.totalCruised };
}

const sortedKeys = (record) =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));

/**
 * What `now` holds beyond `baseline` (added: fails the check) and what `baseline` holds that `now`
 * no longer does (removed: the baseline can shrink), for violations and the assertion count.
 */
export function compare(baseline, now) {
  const added = [];
  const removed = [];
  const rules = new Set([...Object.keys(baseline.violations), ...Object.keys(now.violations)]);
  for (const rule of [...rules].sort()) {
    const before = new Set(baseline.violations[rule] ?? []);
    const after = new Set(now.violations[rule] ?? []);
    for (const edge of after) if (!before.has(edge)) added.push(`${rule}: ${edge}`);
    for (const edge of before) if (!after.has(edge)) removed.push(`${rule}: ${edge}`);
  }
  return { added, removed, assertionsDelta: now.assertions - baseline.assertions };
}

/** The next baseline: `now`, unless it would grow without `acceptNew`. */
export function nextBaseline(baseline, now, acceptNew) {
  const { added, assertionsDelta } = compare(baseline, now);
  if (!acceptNew && (added.length > 0 || assertionsDelta > 0)) return undefined;
  return now;
}

function report(now, baseline, flags) {
  const { added, removed, assertionsDelta } = compare(baseline, now);
  const total = (v) => Object.values(v).reduce((sum, list) => sum + list.length, 0);
  console.log(
    `import graph: ${total(now.violations)} violations in ${now.modules} modules (baseline ${total(baseline.violations)})`,
  );
  const rules = new Set([...Object.keys(baseline.violations), ...Object.keys(now.violations)]);
  for (const rule of [...rules].sort()) {
    const count = now.violations[rule]?.length ?? 0;
    console.log(
      `  ${String(count).padStart(4)}  ${rule} (baseline ${baseline.violations[rule]?.length ?? 0})`,
    );
    if (flags.list || flags.strict)
      for (const edge of now.violations[rule] ?? []) console.log(`          ${edge}`);
  }
  console.log(`as-assertions in src/: ${now.assertions} (cap ${CAP}, baseline ${baseline.assertions})`);
  if (flags.strict) {
    const clean = total(now.violations) === 0 && now.assertions <= CAP;
    if (!clean) console.log(`FAIL (--strict): the end goal is no violation and at most ${CAP} assertions.`);
    return clean;
  }
  for (const line of added) console.log(`NEW VIOLATION ${line}`);
  if (assertionsDelta > 0)
    console.log(`NEW ASSERTIONS: ${assertionsDelta} more than the baseline's ${baseline.assertions}`);
  const ok = added.length === 0 && assertionsDelta <= 0;
  if (removed.length > 0 || assertionsDelta < 0) {
    const fewer = assertionsDelta < 0 ? [`${-assertionsDelta} fewer as-assertions`] : [];
    const gone = removed.length > 0 ? [`${removed.length} fewer violations`] : [];
    console.log(`baseline can shrink: ${[...fewer, ...gone].join(', ')}`);
    const shown = flags.list ? removed : removed.slice(0, SHOWN_GONE);
    for (const line of shown) console.log(`  gone: ${line}`);
    if (shown.length < removed.length) console.log(`  … and ${removed.length - shown.length} more (--list)`);
    if (ok) console.log('  npm run check:structure -- --update records it');
  }
  if (ok) {
    const left = Math.max(0, now.assertions - CAP);
    console.log(
      `OK: nothing beyond the baseline; left to remove: ${total(now.violations)} violations, ${left} assertions over the cap`,
    );
  } else {
    console.log(
      'FAIL: the structure got worse than .structure-baseline.json; see CONTRIBUTING.md, "Checks".',
    );
  }
  return ok;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const flags = {
    update: process.argv.includes('--update'),
    acceptNew: process.argv.includes('--accept-new'),
    list: process.argv.includes('--list'),
    strict: process.argv.includes('--strict'),
  };
  const baseline = JSON.parse(readFileSync(BASELINE, 'utf8'));
  const now = { assertions: countAssertions().total, ...cruise() };
  const ok = report(now, baseline, flags);
  if (flags.update) {
    const next = nextBaseline(baseline, now, flags.acceptNew);
    if (next === undefined) {
      console.log('Not updated: the baseline only shrinks; --accept-new records new violations.');
      process.exitCode = 1;
    } else {
      const { modules: _, ...kept } = next;
      writeFileSync(BASELINE, `${JSON.stringify(kept, null, 2)}\n`);
      console.log('.structure-baseline.json updated.');
    }
  } else if (!ok) process.exitCode = 1;
}
