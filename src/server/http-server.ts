import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /**
   * Stops accepting connections and waits for in-flight requests, at most `timeoutMs`; then
   * drops the remaining connections. Resolves true when everything finished in time.
   */
  close(timeoutMs: number): Promise<boolean>;
}

export async function listen(app: Express, options: { host: string; port: number }): Promise<RunningServer> {
  const server = app.listen(options.port, options.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  // Keep-alive longer than typical load balancer idle timeouts avoids spurious 502s.
  server.keepAliveTimeout = 65_000;
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const shownHost = host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    close: (timeoutMs) =>
      new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          server.closeAllConnections();
          resolve(false);
        }, timeoutMs);
        server.close(() => {
          clearTimeout(timer);
          resolve(true);
        });
        server.closeIdleConnections();
      }),
  };
}
