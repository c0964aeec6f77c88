/**
 * One MCP client as the interop suite drives it: each client (SDK 2.x, SDK 1.x, the Inspector CLI)
 * implements what it can; a capability it lacks is left out, and the suite skips that feature by
 * name with the reason the client's entry gives.
 */

export interface ToolResult {
  isError?: boolean;
  content: Array<{ type: string; text?: string }>;
  structuredContent?: Record<string, unknown>;
  _meta?: Record<string, unknown>;
}

export interface ListedTool {
  name: string;
  outputSchema?: Record<string, unknown>;
}

export interface Subscription {
  /** Resolves with the URI of the first resources/updated notification. */
  updated: Promise<string>;
  close(): Promise<void>;
}

export interface Driver {
  listTools(): Promise<ListedTool[]>;
  call(name: string, args: Record<string, unknown>): Promise<ToolResult>;
  readResource?(uri: string): Promise<Array<{ uri: string; text?: string }>>;
  subscribe?(uri: string): Promise<Subscription>;
  /** Completion values for a resource template argument. */
  complete?(template: string, argument: string, value: string): Promise<string[]>;
  /** The call, and the progress messages heard while it ran. */
  callWithProgress?(
    name: string,
    args: Record<string, unknown>,
  ): Promise<{ result: ToolResult; progress: string[] }>;
  /** Another connection of the same client that declares elicitation and answers every question so. */
  withElicitation?(answer: 'accept' | 'decline'): Promise<Driver>;
  close(): Promise<void>;
}

/** What the suite knows of a transport: how to open the client on it, or why it cannot be. */
export type Opener = (() => Promise<Driver>) | { skip: string };

export const TRANSPORTS = [
  'stdio',
  'Streamable HTTP 2025-11-25',
  'Streamable HTTP 2026-07-28 (stateless)',
] as const;
export type Transport = (typeof TRANSPORTS)[number];

/** The text of a result, as a model reads it. */
export const textOf = (result: ToolResult) => result.content.map((c) => c.text ?? '').join('\n');
