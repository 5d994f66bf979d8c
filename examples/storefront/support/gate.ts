import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP proxy in front of the API that can hold every request until it is opened: with it, a test
 * sees what the storefront sends while no API answer has arrived, without timing anything.
 */
export class ApiGate {
  private server: Server | null = null;
  private waiting: (() => void)[] = [];
  private closed = false;
  /** Requests that reached the gate while it was closed. */
  held = 0;
  /** Answers sent back through the gate. */
  answered = 0;
  private onHold: (() => void)[] = [];

  constructor(private readonly target: string) {}

  async start(): Promise<string> {
    const target = new URL(this.target);
    this.server = createServer((req, res) => {
      const forward = () => {
        const upstream = request(
          {
            host: target.hostname,
            port: target.port,
            method: req.method,
            path: req.url,
            headers: { ...req.headers, host: target.host },
          },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
            answer.on('end', () => this.answered++);
          },
        );
        upstream.on('error', () => res.destroy());
        req.pipe(upstream);
      };
      if (!this.closed) return forward();
      this.held++;
      this.waiting.push(forward);
      this.onHold.splice(0).forEach((f) => f());
    });
    await new Promise<void>((done) => this.server!.listen(0, '127.0.0.1', done));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}${target.pathname}`;
  }

  close(): void {
    this.closed = true;
    this.held = 0;
    this.answered = 0;
  }

  /** Resolves once at least n requests are held. */
  async heldAtLeast(n: number): Promise<void> {
    while (this.held < n) await new Promise<void>((done) => this.onHold.push(done));
  }

  open(): void {
    this.closed = false;
    this.waiting.splice(0).forEach((f) => f());
  }

  async stop(): Promise<void> {
    this.open();
    await new Promise<void>((done) => {
      this.server?.close(() => done());
      this.server?.closeAllConnections();
    });
  }
}
