/** A bad flag or environment value: the process exits 2 with this message. */
export class ConfigError extends Error {
  override readonly name: string = 'ConfigError';
}
