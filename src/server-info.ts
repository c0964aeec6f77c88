import { VERSION } from './version.js';

/**
 * Who the server says it is and what it offers, in one place: the SDK server is built from these,
 * and the stdio entry answers `initialize` from them before the SDK has loaded (a test holds the
 * two answers equal).
 */
export const SERVER_INFO = { name: 'paperspace-mcp', title: 'Paperspace', version: VERSION };

export const INSTRUCTIONS =
  'Tools for the Paperspace GPU cloud. Lists are paged (limit 1-120, newest first by default): ' +
  'pass nextPage back as after for the next page. Destructive tools ask for confirmation. ' +
  'A dataset version is datasetId + version, or datasetId "dsXXXX:version" alone.';

/** As declared to the SDK. */
export const CAPABILITIES = {
  tools: {},
  resources: { subscribe: true, listChanged: true },
  completions: {},
};

/** As the SDK reports them in its initialize answer (it adds tools.listChanged). */
export const ANNOUNCED_CAPABILITIES = { ...CAPABILITIES, tools: { listChanged: true } };

/** The 2025-era revisions the SDK negotiates with `initialize`, newest first. */
export const LEGACY_PROTOCOL_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'];
