// The import graph of src/: which folder may import which. `npm run check:structure` runs these
// rules (scripts/check-structure.mjs) and compares what they find with .structure-baseline.json.
// CONTRIBUTING.md explains the layers in prose; the rule names below are the ones it uses.

/**
 * The layers, top to bottom: a module may import from its own layer or a lower one, never from a
 * higher one. `paths` is where the layer lives; `until` holds today's paths of code that has not
 * moved there yet (see "Today's paths" below). Type-only imports count like any other.
 */
const LAYERS = [
  // The bin entry and the start-up that picks a transport.
  { name: 'entry', paths: ['^src/index\\.ts$', '^src/main\\.ts$'] },
  { name: 'transports', paths: ['^src/transports/'] },
  // The server factory and the package's import entry.
  { name: 'server', paths: ['^src/server\\.ts$', '^src/server-info\\.ts$', '^src/lib\\.ts$'] },
  { name: 'tools-registry', paths: ['^src/tools/registry/'] },
  { name: 'workflows', paths: ['^src/tools/workflows/', '^src/tasks/'] },
  { name: 'tools-call', paths: ['^src/tools/call/'] },
  { name: 'tools-rows', paths: ['^src/tools/rows/'] },
  { name: 'confirm', paths: ['^src/confirm/', '^src/policy/', '^src/audit/'] },
  { name: 'resources-files', paths: ['^src/resources/', '^src/files/'] },
  { name: 'client', paths: ['^src/client/'] },
  { name: 'config', paths: ['^src/config/'] },
  {
    name: 'base',
    paths: [
      '^src/secrets\\.ts$',
      '^src/untrusted\\.ts$',
      '^src/log\\.ts$',
      '^src/version\\.ts$',
      '^src/types/',
    ],
  },
];

/**
 * Today's paths: code that still lives where it was before the target layout, mapped to the layer
 * it belongs to so the rules can run now. Each entry is removed once its files have moved.
 */
const TODAY = {
  'tools-rows': ['^src/tools/[^/]+\\.ts$'],
};

/** The packages esbuild bundles into dist/ on purpose (they are devDependencies for that reason). */
const BUNDLED = [
  '@modelcontextprotocol/server',
  'zod',
  'undici',
  '@redis/client',
  '@aws-sdk/client-s3',
  '@aws-sdk/lib-storage',
  '@smithy/node-http-handler',
];

const SANDBOX = '^src/sandbox/';
/** Where the sandbox may be imported from: the code that starts a server. */
const SANDBOX_USERS = ['^src/index\\.ts$', '^src/main\\.ts$', '^src/lib\\.ts$', '^src/server\\.ts$'];

const pathsOf = (layer) => [...layer.paths, ...(TODAY[layer.name] ?? [])];
const union = (patterns) => `(${patterns.join('|')})`;

/** One rule per layer: nothing below it imports it. */
const layerRules = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `not-up-into-${layer.name}`,
  comment: `${layer.name} is imported only from ${
    index === 0
      ? 'nowhere in src/'
      : `the layers above it (${LAYERS.slice(0, index)
          .map((l) => l.name)
          .join(', ')})`
  } and from itself.`,
  severity: 'error',
  from: { path: union(LAYERS.slice(index + 1).flatMap(pathsOf)) },
  to: { path: union(pathsOf(layer)) },
}));

const clientAndBelow = LAYERS.slice(LAYERS.findIndex((l) => l.name === 'client')).flatMap(pathsOf);

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No module reaches itself through its imports (type-only imports included).',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'sandbox-only-from-entry',
      comment: 'The simulated API is started by the entry, main, lib and the server factory, nothing else.',
      severity: 'error',
      from: { path: '^src/', pathNot: union([SANDBOX, ...SANDBOX_USERS]) },
      to: { path: SANDBOX },
    },
    {
      name: 'sandbox-imports-client-and-below',
      comment: 'The sandbox builds on the client layer and below, plus its own files.',
      severity: 'error',
      from: { path: SANDBOX },
      to: { path: '^src/', pathNot: union([SANDBOX, ...clientAndBelow]) },
    },
    {
      name: 'no-orphans',
      comment: 'Every module in src/ is imported by another or is an entry point.',
      severity: 'error',
      from: {
        orphan: true,
        path: '^src/',
        pathNot: ['^src/index\\.ts$', '^src/lib\\.ts$', '\\.d\\.ts$'],
      },
      to: {},
    },
    {
      name: 'no-unbundled-dev-deps',
      comment: `src/ imports only the devDependencies esbuild bundles on purpose: ${BUNDLED.join(', ')}.`,
      severity: 'error',
      from: { path: '^src/' },
      to: {
        dependencyTypes: ['npm-dev'],
        pathNot: `node_modules/${union(BUNDLED)}/`,
      },
    },
    {
      name: 'no-unresolvable',
      comment: 'Every import resolves to a file or an installed package.',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: ['^src/', 'node_modules'],
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
};
