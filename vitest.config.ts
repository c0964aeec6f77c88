import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Test files outside the end-to-end folders that drive the server as a separate process (stdio or
 * the built bin) or over HTTP; they run with the end-to-end project.
 */
const END_TO_END_ELSEWHERE = [
  'test/adversarial/http-edges.test.ts',
  'test/adversarial/inputs.test.ts',
  'test/adversarial/resource-uris.test.ts',
  'test/adversarial/secrets-processes.test.ts',
  'test/adversarial/storage-ssrf.test.ts',
  'test/workflows/stdio.test.ts',
  'test/workflows/wait-http.test.ts',
];

/**
 * Every test file belongs to exactly one project (test/unit/test-projects.test.ts holds it), so
 * `npm test` reports the time of each kind: unit (modules and the tool surface, no server),
 * integration (the server with an SDK client in memory, against the sandbox on loopback),
 * end-to-end (spawned processes, HTTP, the installed package) and interop (other clients).
 */
export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    reporters: ['default', './test/helpers/project-durations.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'test/contract/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: [
            'test/integration/**/*.test.ts',
            'test/workflows/**/*.test.ts',
            'test/adversarial/**/*.test.ts',
          ],
          exclude: [...configDefaults.exclude, ...END_TO_END_ELSEWHERE],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: [
            'test/smoke/**/*.test.ts',
            'test/http/**/*.test.ts',
            'test/install/**/*.test.ts',
            'test/conformance/**/*.test.ts',
            ...END_TO_END_ELSEWHERE,
          ],
        },
      },
      {
        // Real clients against the built server; its global setup installs the outside tools once.
        extends: true,
        test: {
          name: 'interop',
          include: ['test/interop/**/*.test.ts'],
          globalSetup: ['test/interop/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
