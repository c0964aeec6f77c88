import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, unknownVariables } from '../../src/config/index.js';
import { OPTIONS } from '../../src/config/options.js';
import { editDistance, nearest } from '../../src/config/suggest.js';
import { TOOL_TABLE } from '../../src/tools/registry/prebuilt.js';
import { selectTools } from '../../src/tools/registry/selection.js';

const select = (...args: string[]) =>
  selectTools(TOOL_TABLE.tools, TOOL_TABLE.toolsets, TOOL_TABLE.defaults, loadConfig(args, {}));

/** The configuration as the table declares it: parsing, booleans, names, suggestions. */
describe('configuration', () => {
  describe('boolean variables', () => {
    const switches = OPTIONS.filter((o) => o.kind === 'boolean' && o.env !== undefined);

    it('are the switches a user sets to turn something on', () => {
      expect(switches.map((o) => o.env)).toEqual(
        expect.arrayContaining(['PAPERSPACE_MCP_SANDBOX', 'PAPERSPACE_MCP_READ_ONLY']),
      );
    });

    it.each([
      ['1', true],
      ['true', true],
      ['TRUE', true],
      ['yes', true],
      ['Yes', true],
      ['on', true],
      ['ON', true],
      ['0', false],
      ['false', false],
      ['False', false],
      ['no', false],
      ['NO', false],
      ['off', false],
      ['Off', false],
    ])('take %s as %s', (word, value) => {
      for (const option of switches) {
        expect(loadConfig([], { [option.env as string]: word })[option.key], option.env).toBe(value);
      }
    });

    it.each(['maybe', 'y', '2', 'enabled', 'tru', ' '])(
      'refuse %j, naming the variable and the accepted words',
      (word) => {
        for (const name of switches.map((o) => o.env as string)) {
          const load = () => loadConfig([], { [name]: word });
          expect(load).toThrow(ConfigError);
          expect(load).toThrow(
            `Invalid ${name}: ${JSON.stringify(word)} is not a boolean; use one of 1, 0, true, false, yes, no, on, off (any case).`,
          );
        }
      },
    );

    it('leave an empty variable, or a bundle placeholder the host did not fill, unset', () => {
      expect(loadConfig([], { PAPERSPACE_MCP_READ_ONLY: '' }).readOnly).toBe(false);
      expect(loadConfig([], { PAPERSPACE_MCP_SANDBOX: `\${user_config.sandbox}` }).sandbox).toBe(false);
      expect(loadConfig([], { PAPERSPACE_API_KEY: `\${user_config.api_key}` }).apiKey).toBeUndefined();
    });

    it('lose to the flag', () => {
      expect(loadConfig(['--read-only'], { PAPERSPACE_MCP_READ_ONLY: 'off' }).readOnly).toBe(true);
    });
  });

  describe('values', () => {
    it('name the flag or the variable that gave a bad value', () => {
      expect(() => loadConfig(['--port', '70000'], {})).toThrow('Invalid --port: must be at most 65535');
      expect(() => loadConfig([], { PAPERSPACE_MCP_PORT: 'http' })).toThrow(
        'Invalid PAPERSPACE_MCP_PORT: expected a whole number, got "http"',
      );
      expect(() => loadConfig([], { PAPERSPACE_MCP_CONFIRM: 'ask' })).toThrow(
        'Invalid PAPERSPACE_MCP_CONFIRM: expected one of "auto", "strict", "off"',
      );
      expect(() => loadConfig([], { PAPERSPACE_API_URL: 'ftp://x' })).toThrow(
        'Invalid PAPERSPACE_API_URL: expected an http(s) URL',
      );
    });

    it('come back frozen: nothing changes the checked configuration afterwards', () => {
      const config = loadConfig(['--sandbox'], {});
      expect(Object.isFrozen(config)).toBe(true);
      expect(() => {
        (config as { apiUrl: string }).apiUrl = 'http://elsewhere';
      }).toThrow(TypeError);
    });

    it('has one field per entry of the table, and its defaults', () => {
      const config = loadConfig([], {});
      expect(Object.keys(config).sort()).toEqual(OPTIONS.map((o) => o.key).sort());
      expect(config).toMatchObject({ confirm: 'auto', port: 8080, readOnly: false, filesRoots: [] });
    });
  });

  describe('names that do not exist get the nearest one', () => {
    it('an unknown flag', () => {
      expect(() => loadConfig(['--toolset', 'all'], {})).toThrow(
        'Unknown flag --toolset (did you mean --toolsets?). Run paperspace-mcp --help for the flags.',
      );
      expect(() => loadConfig(['--readonly'], {})).toThrow(
        'Unknown flag --readonly (did you mean --read-only?)',
      );
      expect(() => loadConfig(['--sandbox-state=x.json', '--sandbx'], {})).toThrow(
        'Unknown flag --sandbx (did you mean --sandbox?)',
      );
      // Nothing near: no guess.
      expect(() => loadConfig(['--frobnicate'], {})).toThrow(
        'Unknown flag --frobnicate. Run paperspace-mcp --help for the flags.',
      );
    });

    it('an unknown toolset or tool name', () => {
      expect(() => select('--toolsets', 'machine')).toThrow(
        /Unknown toolset\(s\): machine \(did you mean machines\?\)\. Valid toolsets: all, default, auth/,
      );
      expect(() => select('--toolsets', 'default,deploymnts')).toThrow(
        /Unknown toolset\(s\): deploymnts \(did you mean deployments\?\)/,
      );
      expect(() => select('--tools', 'machines_lst')).toThrow(
        /Unknown tool\(s\): machines_lst \(did you mean machines_list\?\)\. Valid tools: /,
      );
      expect(() => select('--exclude-tools', 'datasets_delet,gpus_explode')).toThrow(
        /Unknown tool\(s\): datasets_delet \(did you mean datasets_delete\?\), gpus_explode\. Valid tools: /,
      );
    });

    it('a PAPERSPACE_ variable the server does not read', () => {
      expect(
        unknownVariables({
          PAPERSPACE_MCP_READONLY: '1',
          PAPERSPACE_API_KEY: 'k',
          PAPERSPACE_MCP_COLOUR: 'blue',
          PATH: '/bin',
        }),
      ).toEqual([
        'PAPERSPACE_MCP_READONLY (did you mean PAPERSPACE_MCP_READ_ONLY?)',
        'PAPERSPACE_MCP_COLOUR',
      ]);
    });

    it('by edit distance, and only when near', () => {
      expect(editDistance('kitten', 'sitting')).toBe(3);
      expect(editDistance('', 'abc')).toBe(3);
      expect(nearest('gpus', ['auth', 'machines'])).toBeUndefined();
      expect(nearest('MACHINES', ['auth', 'machines'])).toBe('machines');
    });
  });
});
