/** The client's defaults, where the configuration table names them; the client reads them from here. */
export const DEFAULT_BASE_URL = 'https://api.paperspace.com/v1';
/** Largest answer read from the API by default; a longer one is cut off with an error. */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
