import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';

const FLUSH_AT_CHARS = 1 << 20;

/** Appends lines to a file in ~1 MB writes, waiting when the disk falls behind. */
export class BufferedFileWriter {
  private readonly stream: WriteStream;
  private chunks: string[] = [];
  private size = 0;

  constructor(path: string) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
  }

  async writeLine(line: string): Promise<void> {
    this.chunks.push(line, '\n');
    this.size += line.length + 1;
    if (this.size >= FLUSH_AT_CHARS) await this.flush();
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }

  private async flush(): Promise<void> {
    if (this.chunks.length === 0) return;
    const text = this.chunks.join('');
    this.chunks = [];
    this.size = 0;
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }
}
