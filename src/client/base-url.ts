/** The public API's base URL; its own module so configuration can name it without loading the client. */
export const DEFAULT_BASE_URL = 'https://api.paperspace.com/v1';
