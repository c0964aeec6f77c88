import type { Reporter, TestModule, Vitest } from 'vitest/node';

/**
 * After a run, the time each vitest project took: the sum over its test files of importing, setting
 * up and running them. Files run in parallel, so the sums add up to more than the wall-clock time.
 */
export default class ProjectDurations implements Reporter {
  private order: string[] = [];

  onInit(vitest: Vitest): void {
    this.order = vitest.projects.map((p) => p.name);
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const projects = new Map<string, { files: number; tests: number; ms: number }>();
    for (const module of testModules) {
      const d = module.diagnostic();
      const spent =
        d.environmentSetupDuration + d.prepareDuration + d.collectDuration + d.setupDuration + d.duration;
      const total = projects.get(module.project.name) ?? { files: 0, tests: 0, ms: 0 };
      total.files += 1;
      total.tests += [...module.children.allTests()].length;
      total.ms += spent;
      projects.set(module.project.name, total);
    }
    if (projects.size === 0) return;
    const ranked = [...projects].sort(([a], [b]) => this.order.indexOf(a) - this.order.indexOf(b));
    const lines = ranked.map(
      ([name, t]) =>
        `  ${name.padEnd(12)} ${String(t.files).padStart(4)} files ${String(t.tests).padStart(5)} tests ${(t.ms / 1000).toFixed(1).padStart(8)} s`,
    );
    process.stdout.write(`\nTime per project (summed over its files):\n${lines.join('\n')}\n`);
  }
}
