import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from '@cip/testing';

export type ServiceName = 'ingestion' | 'segmentation' | 'lifecycle' | 'nba';

export interface StopResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  durationMs: number;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** One platform service as a separate OS process running the built code in dist/. */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<StopResult> | undefined;
  private starts = 0;

  constructor(
    readonly name: ServiceName,
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly logDir: string,
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(readyTimeoutMs = 45_000): Promise<void> {
    mkdirSync(this.logDir, { recursive: true });
    this.starts += 1;
    const log = createWriteStream(join(this.logDir, `${this.name}.${this.starts}.log`));
    const child = spawn(
      process.execPath,
      [
        '--disable-warning=TimeoutNegativeWarning',
        join(REPO_ROOT, 'dist', 'apps', this.name, 'src', 'main.js'),
      ],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, ...this.env, PORT: String(this.port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.child = child;
    const startedAt = Date.now();
    this.exited = new Promise((resolve) => {
      child.once('exit', (exitCode, signal) =>
        resolve({ exitCode, signal, durationMs: Date.now() - startedAt }),
      );
    });
    await this.waitReady(readyTimeoutMs);
  }

  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer';
    let exitedEarly = false;
    void this.exited?.then(() => (exitedEarly = true));
    while (Date.now() < deadline && !exitedEarly) {
      try {
        const response = await fetch(`${this.baseUrl}/health/ready`);
        if (response.status === 200) return;
        last = `${response.status} ${await response.text()}`;
      } catch (error) {
        last = (error as Error).message;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(
      `${this.name} not ready (${exitedEarly ? 'process exited' : `after ${timeoutMs} ms`}): ${last}; see ${this.logDir}`,
    );
  }

  /** Sends the signal and measures how long the process takes to exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15_000): Promise<StopResult> {
    const child = this.child;
    const exited = this.exited;
    if (!child || !exited || child.exitCode !== null)
      return { exitCode: child?.exitCode ?? null, signal: null, durationMs: 0 };
    const sentAt = Date.now();
    child.kill(signal);
    const timeout = new Promise<'timeout'>((resolve) =>
      setTimeout(() => resolve('timeout'), timeoutMs).unref(),
    );
    const result = await Promise.race([exited, timeout]);
    if (result === 'timeout') {
      child.kill('SIGKILL');
      await exited;
      return { exitCode: null, signal: 'SIGKILL', durationMs: Date.now() - sentAt };
    }
    return { ...result, durationMs: Date.now() - sentAt };
  }
}
