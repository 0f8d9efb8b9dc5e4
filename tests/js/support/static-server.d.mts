// Types for static-server.mjs (plain JS so that scripts/ can use it too).
export const STRICT_CSP: string;

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `dir` on 127.0.0.1 with a Content-Security-Policy header (STRICT_CSP by default). */
export function serveStatic(dir: string, csp?: string): Promise<StaticServer>;
