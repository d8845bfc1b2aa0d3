/**
 * RFC 4180 CSV, incrementally: feed text chunks, get complete records. Quoted fields may hold
 * commas, doubled quotes and line breaks; CRLF and LF both end a record. `line` is the physical
 * line a record starts on, so a reject file can point at it.
 */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvRecordReader {
  private field = '';
  private fields: string[] = [];
  private inQuotes = false;
  /** A quote inside a quoted field: either the closing quote or the first of a doubled pair. */
  private quotePending = false;
  private line = 1;
  private recordStartLine = 1;
  private fieldStarted = false;

  push(chunk: string): CsvRecord[] {
    const records: CsvRecord[] = [];
    for (const char of chunk) {
      if (this.quotePending) {
        this.quotePending = false;
        if (char === '"') {
          this.field += '"';
          continue;
        }
        this.inQuotes = false;
      }
      if (this.inQuotes) {
        if (char === '"') this.quotePending = true;
        else {
          if (char === '\n') this.line += 1;
          this.field += char;
        }
        continue;
      }
      switch (char) {
        case '"':
          if (this.field === '') this.inQuotes = true;
          else this.field += char;
          this.fieldStarted = true;
          break;
        case ',':
          this.endField();
          break;
        case '\r':
          break;
        case '\n': {
          const record = this.endRecord();
          if (record) records.push(record);
          this.line += 1;
          this.recordStartLine = this.line;
          break;
        }
        default:
          this.field += char;
          this.fieldStarted = true;
      }
    }
    return records;
  }

  /** The last record when the input does not end with a line break. */
  end(): CsvRecord[] {
    if (this.quotePending) {
      this.quotePending = false;
      this.inQuotes = false;
    }
    const record = this.endRecord();
    return record ? [record] : [];
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.fieldStarted = true;
  }

  private endRecord(): CsvRecord | undefined {
    const blank = this.fields.length === 0 && !this.fieldStarted && this.field === '';
    if (!blank) this.fields.push(this.field);
    const record = blank ? undefined : { line: this.recordStartLine, fields: this.fields };
    this.field = '';
    this.fields = [];
    this.fieldStarted = false;
    return record;
  }
}
